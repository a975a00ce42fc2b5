using BenchmarkDotNet.Attributes;
using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Bench;

/// <summary>
/// Dense forward kernel on the batch-64 training shapes (one thread): the fixed-order fast kernel
/// (weights packed per call, as the trainer calls it, and pre-packed, as the scorer runs it)
/// against the naive reference loop. GFLOP/s = 2·64·D·H / time.
/// Run: dotnet run -c Release --project bench/TrustScore.Bench -- --filter '*InferenceDenseKernelBenchmarks*'
/// </summary>
[Config(typeof(InferenceBenchConfig))]
public class InferenceDenseKernelBenchmarks : IDisposable
{
    private const int N = 64;
    private float[] x = null!;
    private float[] w = null!;
    private float[] b = null!;
    private float[] y = null!;
    private PackedDenseWeights packed = null!;

    [Params("768x512", "512x256", "256x128", "128x64")]
    public string Shape { get; set; } = "768x512";

    private int D => int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    private int H => int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var rng = CounterRng.Create(3, RngPurpose.Synthetic);
        this.x = new float[N * D];
        w = new float[H * D];
        b = new float[H];
        y = new float[N * H];
        for (int i = 0; i < this.x.Length; i++)
        {
            this.x[i] = rng.Uniform((ulong)i) - 0.5f;
        }

        for (int i = 0; i < w.Length; i++)
        {
            w[i] = rng.Uniform((ulong)(i + this.x.Length)) - 0.5f;
        }

        this.packed = PackedDenseWeights.Pack(w, b, D, H);
    }

    [Benchmark(Baseline = true)]
    public void Naive() => Dense.ForwardNaive(y, this.x, w, b, N, D, H);

    [Benchmark]
    public void Forward() => Dense.Forward(y, this.x, w, b, N, D, H);

    [Benchmark]
    public void ForwardPrepacked() => Dense.ForwardPacked(y, this.x, this.packed, N, 1, DenseKernelPath.Auto);

    [GlobalCleanup]
    public void Dispose()
    {
        this.packed?.Dispose();
        GC.SuppressFinalize(this);
    }
}
