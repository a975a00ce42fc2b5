namespace TrustScore.Data;

/// <summary>One data file in a dataset manifest.</summary>
/// <param name="Path">POSIX path relative to its data path (or the file name when the data path is a file).</param>
/// <param name="Root">Index of the data path it was found under (<c>dataset.data_paths[Root]</c>).</param>
/// <param name="Format"><c>jsonl</c> or <c>parquet</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="Records">Number of records in the file.</param>
public sealed record DatasetFileEntry(string Path, int Root, string Format, string Sha256, long Records);
