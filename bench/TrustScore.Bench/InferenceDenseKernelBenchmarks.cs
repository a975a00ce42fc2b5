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
    private float[] _x = null!;
    private float[] _w = null!;
    private float[] _b = null!;
    private float[] _y = null!;
    private PackedDenseWeights _packed = null!;

    [Params("768x512", "512x256", "256x128", "128x64")]
    public string Shape { get; set; } = "768x512";

    private int D => int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    private int H => int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var rng = CounterRng.Create(3, RngPurpose.Synthetic);
        _x = new float[N * D];
        _w = new float[H * D];
        _b = new float[H];
        _y = new float[N * H];
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = rng.Uniform((ulong)i) - 0.5f;
        }

        for (int i = 0; i < _w.Length; i++)
        {
            _w[i] = rng.Uniform((ulong)(i + _x.Length)) - 0.5f;
        }

        _packed = PackedDenseWeights.Pack(_w, _b, D, H);
    }

    [Benchmark(Baseline = true)]
    public void Naive() => Dense.ForwardNaive(_y, _x, _w, _b, N, D, H);

    [Benchmark]
    public void Forward() => Dense.Forward(_y, _x, _w, _b, N, D, H);

    [Benchmark]
    public void ForwardPrepacked() => Dense.ForwardPacked(_y, _x, _packed, N, 1, DenseKernelPath.Auto);

    [GlobalCleanup]
    public void Dispose()
    {
        _packed?.Dispose();
        GC.SuppressFinalize(this);
    }
}
