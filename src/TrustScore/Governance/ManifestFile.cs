namespace TrustScore.Governance;

/// <summary>One entry of a manifest's <c>files</c> list.</summary>
/// <param name="Name">POSIX path relative to the model directory.</param>
/// <param name="Sha256">SHA-256 of the file as written in the manifest.</param>
/// <param name="Size">Size in bytes.</param>
public sealed record ManifestFile(string Name, string Sha256, long Size);
