using TrustScore.IO;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// What <see cref="S3Registry.VerifyVersion"/> found after downloading and re-hashing every object
/// of a published version (<c>trustscore registry show VERSION --verify</c>). A mismatch is a
/// value, not an exception, and lists the files involved (model-transparency style).
/// </summary>
/// <param name="Version">The version checked.</param>
/// <param name="Location">The s3:// URL of the version folder.</param>
/// <param name="ExpectedRootDigest">The root digest recorded in <c>metadata.json</c>.</param>
/// <param name="ActualRootDigest">The root digest recomputed from the downloaded <c>model/</c>, or null when it could not be.</param>
/// <param name="Missing">Objects listed in <c>metadata.json</c> that S3 no longer returns.</param>
/// <param name="Changed">Objects whose bytes no longer hash to the recorded SHA-256.</param>
/// <param name="Extra">Objects in the version folder that <c>metadata.json</c> does not list.</param>
/// <param name="Problems">Every finding as one sentence (the above plus lock and manifest findings).</param>
public sealed record S3VersionVerification(
    string Version,
    string Location,
    string ExpectedRootDigest,
    string? ActualRootDigest,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Extra,
    IReadOnlyList<string> Problems)
{
    /// <summary>True when nothing was found wrong.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>The same findings as the one report type, <see cref="VerificationReport"/>, so every verb renders one shape.</summary>
    public VerificationReport ToReport()
    {
        var checks = new List<VerificationCheck>
        {
            new("s3-objects", Missing.Count == 0 && Changed.Count == 0 && Extra.Count == 0,
                Missing.Count == 0 && Changed.Count == 0 && Extra.Count == 0
                    ? "every object read back from S3 matches metadata.json."
                    : $"missing: [{string.Join(", ", Missing)}]; changed: [{string.Join(", ", Changed)}]; extra: [{string.Join(", ", Extra)}]."),
            new("digest", ActualRootDigest is not null && Sha256Text.Same(ActualRootDigest, ExpectedRootDigest),
                $"model/ read back from S3 hashes to {ActualRootDigest ?? "nothing"}; published {ExpectedRootDigest}."),
        };
        checks.AddRange(Problems.Select(p => new VerificationCheck("s3", false, p)));
        return new VerificationReport(Location, Version, ActualRootDigest, checks, FileDiff.None, []);
    }
}
