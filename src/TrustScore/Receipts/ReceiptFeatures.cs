using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.Scoring;

namespace TrustScore.Receipts;

/// <summary>
/// Reads the one feature row a receipt is verified against: a raw file of 768 little-endian
/// binary32 values (<c>.f32</c>, 3,072 bytes — the exact bytes <c>input_digest</c> covers), or any
/// input <c>trustscore score</c> accepts (.jsonl, .csv, .parquet; a record or a 768-number vector)
/// holding exactly one row.
/// </summary>
public static class ReceiptFeatures
{
    /// <summary>The row in <paramref name="path"/>.</summary>
    /// <exception cref="BadInputException">Missing, unreadable, not exactly one valid row.</exception>
    public static float[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"The features file '{path}' does not exist.");
        }

        if (Path.GetExtension(path).Equals(".f32", StringComparison.OrdinalIgnoreCase))
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length != FeatureSchema.Dimension * sizeof(float))
            {
                throw new BadInputException($"The features file '{path}' has {bytes.Length} bytes; a .f32 row is {FeatureSchema.Dimension} little-endian binary32 values ({FeatureSchema.Dimension * sizeof(float)} bytes).");
            }

            var row = new float[FeatureSchema.Dimension];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4, 4));
            }

            return row;
        }

        List<ScoreInput> rows = ScoreInputReader.Read(path).Take(2).ToList();
        if (rows.Count != 1)
        {
            throw new BadInputException($"The features file '{path}' holds {(rows.Count == 0 ? "no row" : "more than one row")}; a receipt covers exactly one.");
        }

        return rows[0].Error is { } error
            ? throw new BadInputException(error)
            : rows[0].Features!;
    }
}
