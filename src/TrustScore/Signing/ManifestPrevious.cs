namespace TrustScore.Signing;

/// <summary><c>previous</c>: the version this one follows and its root digest.</summary>
public sealed record ManifestPrevious(string Version, string Root);
