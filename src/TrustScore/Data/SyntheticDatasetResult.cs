namespace TrustScore.Data;

/// <summary>What <see cref="SyntheticDataset.Generate"/> wrote and how learnable its label is.</summary>
/// <param name="Path">The data file written.</param>
/// <param name="Samples">Records written.</param>
/// <param name="Genuine">Genuine records among them.</param>
/// <param name="Sha256">Hex SHA-256 of the file's bytes.</param>
/// <param name="OracleR2">R² of the noise-free label (a function of the features) against the written label: the best any model can do.</param>
/// <param name="LabelMean">Mean written label.</param>
/// <param name="LabelStd">Standard deviation of the written label.</param>
public sealed record SyntheticDatasetResult(string Path, int Samples, int Genuine, string Sha256, double OracleR2, double LabelMean, double LabelStd);
