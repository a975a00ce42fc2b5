using System.Buffers;
using TrustScore.Data;

namespace TrustScore.Serving;

/// <summary>
/// A growing row-major buffer of 768-float rows, filled while a request is parsed. The array is
/// rented from the shared pool (a batch of 64 rows is 196 KB, a large-object allocation per
/// request otherwise); whoever takes <see cref="Values"/> returns it after scoring.
/// </summary>
internal sealed class FloatRows
{
    private const int D = FeatureSchema.Dimension;
    private float[] values;
    private int length;

    /// <summary>An empty buffer with room for <paramref name="capacity"/> values (one row when unknown).</summary>
    public FloatRows(int capacity = D) => values = ArrayPool<float>.Shared.Rent(Math.Max(capacity, 1));

    /// <summary>The backing array (longer than <see cref="Length"/> when not full).</summary>
    public float[] Values => values;

    /// <summary>Values written.</summary>
    public int Length => length;

    /// <summary>Complete rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Appends a zeroed row and returns it to fill.</summary>
    public Span<float> AddRow()
    {
        Ensure(length + D);
        var row = values.AsSpan(length, D);
        row.Clear();
        length += D;
        Count++;
        return row;
    }

    /// <summary>Counts the last <see cref="FeatureSchema.Dimension"/> values appended one by one as a row.</summary>
    public void CompleteRow() => Count++;

    /// <summary>Appends one value (flat tensor data).</summary>
    public void Add(float value)
    {
        Ensure(length + 1);
        values[length++] = value;
    }

    /// <summary>Appends <paramref name="count"/> values and returns them to fill (binary tensor data).</summary>
    public Span<float> AddValues(int count)
    {
        Ensure(length + count);
        var span = values.AsSpan(length, count);
        length += count;
        return span;
    }

    /// <summary>Declares the flat data to be <paramref name="rows"/> rows (its length was checked against the shape).</summary>
    public void SetRows(int rows) => Count = rows;

    /// <summary>Row <paramref name="i"/>.</summary>
    public Span<float> Row(int i) => values.AsSpan(i * D, D);

    private void Ensure(int needed)
    {
        if (needed > values.Length)
        {
            float[] bigger = ArrayPool<float>.Shared.Rent(Math.Max(needed, values.Length * 2));
            values.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<float>.Shared.Return(values);
            values = bigger;
        }
    }
}
