using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TrustScore.Consensus.Digest;
using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Scoring;

/// <summary>
/// Scores feature rows with a loaded model.onnx the way every validator must (runbook §1.4/§2.3;
/// docs/numerics.md §3): normalisation, dense layers in the written order, ReLU, sigmoid, output
/// scale — bit-identical for any batch size, thread count and instruction width. Immutable after
/// load and safe for concurrent callers. Inputs are validated before any arithmetic.
/// </summary>
public sealed class Scorer
{
    // Rows pushed through all layers together. Changes no arithmetic (rows are independent). Each
    // chunk streams every layer's packed weights (2.26 MB for the real model, more than the 1 MiB
    // L2) once, so larger chunks re-read them less: with two threads streaming at once, 64-row
    // chunks reached 0.79x ONNX Runtime's batch-1024 throughput and 256-row chunks 0.93-0.99x
    // (docs/benchmarks.md); at one thread the chunk size made no difference.
    private const int ChunkRows = 256;

    private readonly PackedDenseWeights[] packed;
    private readonly Activation[] activations;
    private readonly int maxWidth;

    private Scorer(MlpWeights weights, string modelSha256)
    {
        Weights = weights;
        ModelSha256 = modelSha256;
        this.packed = weights.Layers.Select(l => PackedDenseWeights.Pack(l.Weights, l.Bias, l.InputWidth, l.OutputWidth)).ToArray();
        this.activations = weights.Layers.Select(l => l.Activation).ToArray();
        maxWidth = weights.MaxLayerWidth;
    }

    /// <summary>The model's weights.</summary>
    public MlpWeights Weights { get; }

    /// <summary>Lower-case hex SHA-256 of the model.onnx bytes this scorer was loaded from (or would be written as).</summary>
    public string ModelSha256 { get; }

    /// <summary>Features per row.</summary>
    public int FeatureCount => Weights.InputWidth;

    /// <summary>
    /// Loads model.onnx bytes. When <paramref name="expectedSha256"/> is given (hex, optional
    /// "sha256:" prefix, any case) the bytes must hash to it before they are parsed; when
    /// <paramref name="conformance"/> is given the model must reproduce every vector bit for bit.
    /// </summary>
    /// <exception cref="ModelIntegrityException">Digest or conformance mismatch.</exception>
    /// <exception cref="ModelFormatException">The bytes are not an accepted model.onnx.</exception>
    public static Scorer Load(ReadOnlySpan<byte> modelBytes, string? expectedSha256 = null, ConformanceVectors? conformance = null)
    {
        string digest = Convert.ToHexStringLower(SHA256.HashData(modelBytes));
        if (expectedSha256 is not null)
        {
            string expected = ModelDigestResult.StripPrefix(expectedSha256.Trim());
            if (!ModelDigestResult.RootsEqual(expected, digest))
            {
                throw new ModelIntegrityException($"model.onnx has SHA-256 {digest}, not the expected {expected}.");
            }
        }

        var scorer = new Scorer(OnnxModelReader.Read(modelBytes), digest);
        if (conformance is not null)
        {
            var result = conformance.Check(scorer);
            if (!result.Passed)
            {
                throw new ModelIntegrityException($"model.onnx fails its conformance vectors: {result.Describe()}");
            }
        }

        return scorer;
    }

    /// <summary>Reads and loads a model.onnx file; see <see cref="Load"/>.</summary>
    /// <exception cref="ModelIntegrityException">Digest or conformance mismatch.</exception>
    /// <exception cref="ModelFormatException">The file is not an accepted model.onnx.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Scorer LoadFile(string path, string? expectedSha256 = null, ConformanceVectors? conformance = null)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > OnnxProfile.MaxFileBytes)
        {
            throw new ModelFormatException($"{path}: the file has {info.Length} bytes; at most {OnnxProfile.MaxFileBytes} are accepted.");
        }

        return Load(File.ReadAllBytes(path), expectedSha256, conformance);
    }

    /// <summary>A scorer for in-memory weights (training, evaluation); its digest is that of the bytes <see cref="OnnxModelWriter"/> writes.</summary>
    public static Scorer FromWeights(MlpWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new Scorer(weights, Convert.ToHexStringLower(SHA256.HashData(OnnxModelWriter.Write(weights))));
    }

    /// <summary>
    /// Scores <paramref name="rows"/> rows. Shapes: features [rows, FeatureCount], output [rows].
    /// Each output is bit-identical whatever <paramref name="rows"/>, <paramref name="threads"/> or the CPU.
    /// </summary>
    /// <exception cref="ArgumentException">A length does not match, or a feature is NaN or infinite (the first one in
    /// the batch, named by row and index; no score is given and <paramref name="output"/> is left untouched on one
    /// thread and all zero on several).</exception>
    public void Score(ReadOnlySpan<float> features, int rows, Span<float> output, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int d = FeatureCount;
        if ((long)rows * d != features.Length)
        {
            throw new ArgumentException($"Expected {rows} rows of {d} features ({(long)rows * d} values); got {features.Length}.", nameof(features));
        }

        if (output.Length != rows)
        {
            throw new ArgumentException($"Output has room for {output.Length} scores; {rows} rows were given.", nameof(output));
        }

        // Threads split rows only (whole forward passes); a handful of rows is faster on one
        // thread than with a fork/join per layer. Either way the bits are the same.
        if (threads > 1 && rows >= 2 * threads)
        {
            ScoreRowsParallel(features, rows, output, threads);
        }
        else
        {
            RequireFinite(features, d);
            if (rows > 0)
            {
                ScoreRows(features, rows, output, 1);
            }
        }
    }

    /// <summary>Scores one row of <see cref="FeatureCount"/> features.</summary>
    /// <exception cref="ArgumentException">Wrong length or a non-finite feature.</exception>
    public float Score(ReadOnlySpan<float> features)
    {
        Span<float> one = stackalloc float[1];
        Score(features, 1, one);
        return one[0];
    }

    private static void RequireFinite(ReadOnlySpan<float> features, int d)
    {
        int i = FirstNonFinite(features);
        if (i >= 0)
        {
            throw new ArgumentException($"Feature {i % d} of row {i / d} is {features[i]}; every feature must be finite.", nameof(features));
        }
    }

    /// <summary>Index of the first NaN or ±∞, or −1.</summary>
    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        // The vector pre-scan skips clean blocks; the scalar loop resumes at the first block with
        // a hit and finds the exact value.
        for (int i = CleanPrefix(values); i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Length of a prefix known to hold only finite values (whole blocks of four vectors); the
    /// rest must be checked one by one. A value is NaN or ±∞ exactly when its exponent bits are
    /// all ones, the largest value "bits AND exponent mask" can take, so one unsigned maximum over
    /// four vectors and one compare test 4 × Vector&lt;uint&gt;.Count values (a compare per vector
    /// took 62 µs for a 1024-row batch, this 35 µs; docs/benchmarks.md).
    /// </summary>
    private static int CleanPrefix(ReadOnlySpan<float> features)
    {
        if (!Vector.IsHardwareAccelerated)
        {
            return 0;
        }

        ReadOnlySpan<Vector<uint>> blocks = MemoryMarshal.Cast<float, Vector<uint>>(features);
        var exponent = new Vector<uint>(0x7F80_0000u);
        int v = 0;
        for (; v + 4 <= blocks.Length; v += 4)
        {
            var top = Vector.Max(Vector.Max(blocks[v] & exponent, blocks[v + 1] & exponent), Vector.Max(blocks[v + 2] & exponent, blocks[v + 3] & exponent));
            if (Vector.EqualsAny(top, exponent))
            {
                break;
            }
        }

        return v * Vector<uint>.Count;
    }

    private unsafe void ScoreRowsParallel(ReadOnlySpan<float> features, int rows, Span<float> output, int threads)
    {
        int d = FeatureCount;
        // Pieces of at most one chunk, taken by the threads in turn: a thread that starts late
        // (a pool thread waking up) takes fewer pieces instead of finishing last. Each piece checks
        // its own rows just before scoring them (a serial check of the whole batch first took 1.2%
        // of the two-thread time); a piece with a non-finite feature scores nothing, and then the
        // output is cleared and the serial check names the first bad feature of the batch.
        int per = Math.Min((rows + threads - 1) / threads, ChunkRows);
        int pieces = (rows + per - 1) / per;
        int refused = 0;
        fixed (float* xPtr = features)
        fixed (float* yPtr = output)
        {
            nint xAddr = (nint)xPtr;
            nint yAddr = (nint)yPtr;
            Parallel.For(0, pieces, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                int r0 = Math.Min(rows, t * per);
                int r1 = Math.Min(rows, r0 + per);
                if (r1 > r0)
                {
                    var x = new ReadOnlySpan<float>((float*)xAddr + ((long)r0 * d), (r1 - r0) * d);
                    if (FirstNonFinite(x) >= 0)
                    {
                        Volatile.Write(ref refused, 1);
                        return;
                    }

                    var y = new Span<float>((float*)yAddr + r0, r1 - r0);
                    ScoreRows(x, r1 - r0, y, 1);
                }
            });
        }

        if (refused != 0)
        {
            output.Clear();
            RequireFinite(features, d);
        }
    }

    private void ScoreRows(ReadOnlySpan<float> features, int rows, Span<float> output, int denseThreads)
    {
        int d = FeatureCount;
        int chunk = Math.Min(rows, ChunkRows);
        int bufferLength = chunk * Math.Max(maxWidth, d);
        float[] a = ArrayPool<float>.Shared.Rent(bufferLength);
        float[] b = ArrayPool<float>.Shared.Rent(bufferLength);
        try
        {
            for (int r0 = 0; r0 < rows; r0 += chunk)
            {
                int n = Math.Min(chunk, rows - r0);
                ReadOnlySpan<float> input = features.Slice(r0 * d, n * d);
                if (Weights.Normalization is { } norm)
                {
                    norm.Apply(a.AsSpan(0, n * d), input, n);
                    input = a.AsSpan(0, n * d);
                    (a, b) = (b, a);
                }

                for (int l = 0; l < this.packed.Length; l++)
                {
                    var packed = this.packed[l];
                    Span<float> y = a.AsSpan(0, n * packed.H);
                    Dense.ForwardPacked(y, input, packed, n, denseThreads, DenseKernelPath.Auto, relu: this.activations[l] == Activation.Relu);

                    input = y;
                    (a, b) = (b, a);
                }

                Span<float> dst = output.Slice(r0, n);
                for (int i = 0; i < n; i++)
                {
                    dst[i] = ExpApprox.Sigmoid(input[i]) * Weights.OutputScale;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(a);
            ArrayPool<float>.Shared.Return(b);
        }
    }
}
