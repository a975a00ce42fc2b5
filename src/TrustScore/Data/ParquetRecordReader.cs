using Parquet;
using Parquet.Schema;
using TrustScore.Errors;

namespace TrustScore.Data;

/// <summary>
/// Streams VEID records from a Parquet file one row group at a time (docs/dataset-format.md).
/// The schema is checked first: a missing column or a column of the wrong type is refused with
/// its name before any row is read.
/// </summary>
public static class ParquetRecordReader
{
    /// <summary>Reads <paramref name="path"/> lazily, one validated record per row.</summary>
    public static IEnumerable<VeidRecord> Read(string path) => ReadFields(path, requireLabels: true).Select(RecordBuilder.Build);

    /// <summary>
    /// Reads <paramref name="path"/> lazily as field access per row. Without
    /// <paramref name="requireLabels"/> (scoring) only the feature inputs are required, and
    /// <c>sample_id</c> is read when present.
    /// </summary>
    internal static IEnumerable<IRecordFields> ReadFields(string path, bool requireLabels)
    {
        using var stream = File.OpenRead(path);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (IsLibraryFailure(ex))
        {
            throw new BadInputException($"{path}: not a readable Parquet file ({ex.Message.TrimEnd('.')}).", ex);
        }

        try
        {
            var fields = CheckSchema(path, reader.Schema, requireLabels);
            long rowBase = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                int rows = checked((int)group.RowCount);
                var columns = new Dictionary<string, Array>(StringComparer.Ordinal);
                foreach (var field in fields)
                {
                    try
                    {
                        columns[field.Name] = ReadColumn(group, field, rows);
                    }
                    catch (Exception ex) when (IsLibraryFailure(ex))
                    {
                        throw new BadInputException($"{path}: row group {g + 1}, column '{field.Name}' cannot be read ({ex.Message.TrimEnd('.')}); the file is corrupt or truncated.", ex);
                    }
                }

                for (int r = 0; r < rows; r++)
                {
                    var location = new RecordLocation(path, rowBase + r + 1, IsRow: true);
                    yield return new ParquetRecordFields(columns, r, location);
                }

                rowBase += rows;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static List<DataField> CheckSchema(string path, ParquetSchema schema, bool requireLabels)
    {
        var byName = schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        bool precomputed = byName.ContainsKey(VeidColumns.Features);
        IEnumerable<(string Name, Type Type)> wanted = requireLabels
            ? ParquetLayout.Common.Concat(precomputed ? [ParquetLayout.Precomputed] : ParquetLayout.Structured)
            : precomputed ? [ParquetLayout.Precomputed] : ParquetLayout.ScoringInputs.Concat(ParquetLayout.Structured);
        if (!requireLabels && byName.ContainsKey(VeidColumns.SampleId))
        {
            wanted = wanted.Prepend((VeidColumns.SampleId, typeof(string)));
        }

        var result = new List<DataField>();
        foreach (var (name, type) in wanted)
        {
            if (!byName.TryGetValue(name, out var field))
            {
                throw new BadInputException($"{path}: Parquet schema has no column '{name}' ({TypeName(type)}); see docs/dataset-format.md for the required columns.");
            }

            if (Normalize(field.ClrType) != type || field.IsArray)
            {
                throw new BadInputException($"{path}: Parquet column '{name}' has type {(field.IsArray ? "list of " : string.Empty)}{TypeName(Normalize(field.ClrType))}, expected {TypeName(type)}.");
            }

            result.Add(field);
        }

        return result;
    }

    // Anything Parquet.Net throws while decoding means a damaged or foreign file, not a bug of ours.
    private static bool IsLibraryFailure(Exception ex) => ex is not (TrustScoreException or OutOfMemoryException or OperationCanceledException);

    // Parquet.Net reports UTF-8 and binary columns as ReadOnlyMemory<char>/<byte>; both read as string/byte[].
    private static Type Normalize(Type t) =>
        t == typeof(ReadOnlyMemory<char>) ? typeof(string) : t == typeof(ReadOnlyMemory<byte>) ? typeof(byte[]) : t;

    private static Array ReadColumn(ParquetRowGroupReader group, DataField field, int rows)
    {
        var type = Normalize(field.ClrType);
        if (type == typeof(string))
        {
            var values = new string?[rows];
            group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            return values;
        }

        if (type == typeof(byte[]))
        {
            var values = new byte[]?[rows];
            group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            return values;
        }

        if (type == typeof(double))
        {
            return ReadNullable<double>(group, field, rows);
        }

        if (type == typeof(bool))
        {
            return ReadNullable<bool>(group, field, rows);
        }

        return ReadNullable<int>(group, field, rows);
    }

    private static T?[] ReadNullable<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct
    {
        var values = new T?[rows];
        group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        return values;
    }

    private static string TypeName(Type t) => t == typeof(byte[]) ? "binary" : t == typeof(int) ? "int32" : t.Name.ToLowerInvariant();
}
