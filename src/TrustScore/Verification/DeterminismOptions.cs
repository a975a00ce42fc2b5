namespace TrustScore.Verification;

/// <summary>What <see cref="DeterminismCheck.Run"/> checks and how it starts the probe processes.</summary>
/// <param name="VersionDir">The version directory (its digest is verified first).</param>
/// <param name="HostPath">The executable that runs the CLI (the <c>dotnet</c> host).</param>
/// <param name="HostArguments">Arguments before the verb (the path of <c>TrustScore.Cli.dll</c>).</param>
/// <param name="Runs">Separate processes to start (at least 2; the first five cover every ISA switch).</param>
/// <param name="Rows">Seeded random rows each process scores, besides the conformance inputs.</param>
/// <param name="Seed">Seed of the random rows.</param>
public sealed record DeterminismOptions(string VersionDir, string HostPath, IReadOnlyList<string> HostArguments, int Runs = 5, int Rows = 1024, ulong Seed = 1)
{
    /// <summary>Longest one probe process may run before it is killed and counted as failed.</summary>
    public TimeSpan ProcessTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
