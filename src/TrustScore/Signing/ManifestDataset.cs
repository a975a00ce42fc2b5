namespace TrustScore.Signing;

/// <summary><c>dataset</c>: the data the model was trained on.</summary>
/// <param name="Version">Dataset version.</param>
/// <param name="Sha256">SHA-256 of the dataset manifest.</param>
/// <param name="SplitCommitment">Commitment to the train/validation/test split.</param>
/// <param name="SaltCommitment">Commitment to the anonymisation salt (never the salt).</param>
public sealed record ManifestDataset(string Version, string Sha256, string SplitCommitment, string SaltCommitment);
