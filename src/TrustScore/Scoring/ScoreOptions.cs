using TrustScore.Verification;

namespace TrustScore.Scoring;

/// <summary>What <see cref="BatchScorer.Run"/> scores and where it writes.</summary>
/// <param name="VersionDir">The version directory whose model scores (verified before loading).</param>
/// <param name="InputPath">The input file (.jsonl, .ndjson, .csv or .parquet).</param>
/// <param name="OutputPath">Where to write the scores (.csv gives CSV, anything else JSON Lines); null to return them.</param>
/// <param name="Threads">Threads per scoring call; never changes a result bit.</param>
/// <param name="Keys">Operator keys; when given, <c>model.sig</c> must verify before the model is used.</param>
public sealed record ScoreOptions(string VersionDir, string InputPath, string? OutputPath = null, int Threads = 1, VerifyOptions? Keys = null)
{
    /// <summary>Most bad rows named in the error message (all are counted).</summary>
    public int MaxErrorsListed { get; init; } = 50;
}
