namespace TrustScore.Signing;

/// <summary><c>digest</c>: the recipe and result of the model identity (docs/formats.md §1).</summary>
/// <param name="Root"><c>sha256:&lt;64 hex&gt;</c> over <c>model/</c>.</param>
/// <param name="IgnorePaths">Paths under <c>model/</c> the serializer skipped (the OpenSSF git defaults).</param>
/// <param name="Algorithm">Always <c>sha256</c>.</param>
/// <param name="Method">Always <c>files</c> (OpenSSF Model Signing v1.0).</param>
public sealed record ManifestDigest(string Root, IReadOnlyList<string> IgnorePaths, string Algorithm = "sha256", string Method = "files");
