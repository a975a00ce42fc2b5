namespace TrustScore.Signing;

/// <summary><c>model</c>: what this is. <paramref name="Version"/> equals the version directory's name.</summary>
/// <param name="Name">Model name, e.g. <c>veid-trust-score</c>.</param>
/// <param name="Version">Release version; the version directory is named after it.</param>
/// <param name="Type">Always <see cref="Manifest.ModelType"/>.</param>
public sealed record ManifestModel(string Name, string Version, string Type = Manifest.ModelType);
