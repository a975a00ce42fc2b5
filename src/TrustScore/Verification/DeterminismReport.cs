using System.Text.Json.Nodes;

namespace TrustScore.Verification;

/// <summary>
/// The process × digest table of <see cref="DeterminismCheck"/> (runbook §2.3). Passed only when
/// every process reproduced the conformance vectors and all printed the same output digest.
/// </summary>
/// <param name="Version">The version checked.</param>
/// <param name="RootDigest">Its verified root digest.</param>
/// <param name="Rows">Seeded random rows per process.</param>
/// <param name="Seed">Their seed.</param>
/// <param name="Runs">Every process, in start order.</param>
/// <param name="ReferenceOutputs">The output digest most processes agree on, or null when none succeeded.</param>
public sealed record DeterminismReport(string Version, string RootDigest, int Rows, ulong Seed, IReadOnlyList<DeterminismRun> Runs, string? ReferenceOutputs)
{
    /// <summary>Processes that failed or whose outputs differ from <see cref="ReferenceOutputs"/>.</summary>
    public IReadOnlyList<DeterminismRun> Differing =>
        [.. Runs.Where(r => !r.Succeeded || r.OutputsSha256 != ReferenceOutputs)];

    /// <summary>True when at least two processes ran and none differs.</summary>
    public bool Passed => Runs.Count >= 2 && ReferenceOutputs is not null && Differing.Count == 0;

    /// <summary>One sentence naming each differing process and why.</summary>
    public string Describe() => Passed
        ? $"all {Runs.Count} processes reproduced the conformance vectors and printed outputs digest {ReferenceOutputs}."
        : "not deterministic: " + string.Join("; ", Differing.Select(r => r.Succeeded
            ? $"process {r.Process.Label} printed outputs digest {r.OutputsSha256}, the others {ReferenceOutputs}"
            : $"process {r.Process.Label} failed (exit {r.ExitCode}): {r.Error?.TrimEnd('.')}")) + ".";

    /// <summary>The report as JSON (for <c>verify-determinism --json</c>).</summary>
    public JsonObject ToJson() => new()
    {
        ["version"] = Version,
        ["root_digest"] = RootDigest,
        ["rows"] = Rows,
        ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["passed"] = Passed,
        ["reference_outputs_sha256"] = ReferenceOutputs,
        ["differing"] = new JsonArray([.. Differing.Select(r => (JsonNode?)r.Process.Index)]),
        ["processes"] = new JsonArray([.. Runs.Select(r => (JsonNode?)new JsonObject
        {
            ["index"] = r.Process.Index,
            ["label"] = r.Process.Label,
            ["environment"] = new JsonObject([.. r.Process.Environment.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]),
            ["threads"] = r.Process.Threads,
            ["batch"] = r.Process.Batch,
            ["exit_code"] = r.ExitCode,
            ["outputs_sha256"] = r.OutputsSha256,
            ["scores_sha256"] = r.ScoresSha256,
            ["kernel_path"] = r.KernelPath,
            ["conformance_vectors_checked"] = r.ConformanceChecked,
            ["error"] = r.Error,
        })]),
    };
}
