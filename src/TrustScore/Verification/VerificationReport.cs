using System.Text.Json.Nodes;
using TrustScore.Errors;

namespace TrustScore.Verification;

/// <summary>
/// The result of verifying a version directory (runbook §7.2, §8) — by <c>verify</c>, by the
/// registry before publishing, listing or switching, and by serving: one entry per check, the
/// file-level diff against the manifest, and the recomputed root. A failed verification is this
/// value with <see cref="Passed"/> false, not an exception (a refusal is data, not control flow);
/// a caller that must stop calls <see cref="ThrowIfFailed"/>.
/// </summary>
/// <param name="VersionDir">The directory verified.</param>
/// <param name="Version">Its name (the version).</param>
/// <param name="ComputedRoot">The root recomputed from <c>model/</c>, or null when the digest refused it.</param>
/// <param name="Checks">Every check run, in order.</param>
/// <param name="Diff">Files of <c>model/</c> against the manifest's list.</param>
/// <param name="Skipped">Checks not run, with the reason.</param>
public sealed record VerificationReport(
    string VersionDir,
    string Version,
    string? ComputedRoot,
    IReadOnlyList<VerificationCheck> Checks,
    FileDiff Diff,
    IReadOnlyList<string> Skipped)
{
    /// <summary>True only when at least one check ran and every check passed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>The checks that failed.</summary>
    public IReadOnlyList<VerificationCheck> Failures => [.. Checks.Where(c => !c.Passed)];

    /// <summary>True when the only failing checks are release gates.</summary>
    public bool OnlyGatesFailed => !Passed && Failures.All(c => c.Name == "gates");

    /// <summary>The failing checks joined into one sentence.</summary>
    public string FailureSummary => string.Join("; ", Failures.Select(c => $"{c.Name}: {c.Detail.TrimEnd('.')}")) + ".";

    /// <summary>
    /// Stops the caller's operation when a check failed: <see cref="GatesFailedException"/> when only
    /// the release gates failed, <see cref="VerificationFailedException"/> otherwise. The message is
    /// <paramref name="refusal"/> (what is not done, e.g. "'DIR' is not published"), the reason and every failing check.
    /// </summary>
    public void ThrowIfFailed(string refusal)
    {
        if (Passed)
        {
            return;
        }

        throw OnlyGatesFailed
            ? new GatesFailedException($"{refusal} because its gates failed: {FailureSummary}")
            : new VerificationFailedException($"{refusal} because it does not verify: {FailureSummary}");
    }

    /// <summary>The check named <paramref name="name"/>, or null.</summary>
    public VerificationCheck? Check(string name) => Checks.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// The one JSON rendering of a verification (docs/formats.md §5): <c>verify --json</c>, and the
    /// <c>verification</c> of <c>registry show --verify --json</c> and <c>rollback … --json</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        var checks = new JsonArray();
        foreach (VerificationCheck c in Checks)
        {
            checks.Add(new JsonObject { ["name"] = c.Name, ["passed"] = c.Passed, ["detail"] = c.Detail });
        }

        return new JsonObject
        {
            ["version_dir"] = VersionDir,
            ["version"] = Version,
            ["passed"] = Passed,
            ["computed_root"] = ComputedRoot,
            ["checks"] = checks,
            ["diff"] = new JsonObject
            {
                ["extra"] = Strings(Diff.Extra),
                ["missing"] = Strings(Diff.Missing),
                ["changed"] = Strings(Diff.Changed),
            },
            ["skipped"] = Strings(Skipped),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
}
