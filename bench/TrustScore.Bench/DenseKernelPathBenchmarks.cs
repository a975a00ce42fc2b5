using BenchmarkDotNet.Attributes;
using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Bench;

/// <summary>
/// The 128-bit dense kernel (what arm64 runs) against the 256-bit AVX2 kernel on this x64 CPU,
/// forced through the kernel-path switch (same bits, docs/numerics.md §3.2), on the first two
/// trust-score layers at batch 64, one thread. Throughput ratio = Vector256 time / Vector128 time.
/// Run: dotnet run -c Release --project bench/TrustScore.Bench -- --filter '*DenseKernelPathBenchmarks*'
/// </summary>
[Config(typeof(InferenceBenchConfig))]
public class DenseKernelPathBenchmarks : IDisposable
{
    private const int N = 64;
    private float[] x = null!;
    private float[] y = null!;
    private PackedDenseWeights packed = null!;

    [Params("768x512", "512x256")]
    public string Shape { get; set; } = "768x512";

    [Params("Vector256", "Vector128")]
    public string Path { get; set; } = "Vector256";

    private int D => int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    private int H => int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var rng = CounterRng.Create(3, RngPurpose.Synthetic);
        this.x = new float[N * D];
        var w = new float[H * D];
        y = new float[N * H];
        for (int i = 0; i < this.x.Length; i++)
        {
            this.x[i] = rng.Uniform((ulong)i) - 0.5f;
        }

        for (int i = 0; i < w.Length; i++)
        {
            w[i] = rng.Uniform((ulong)(i + this.x.Length)) - 0.5f;
        }

        packed = PackedDenseWeights.Pack(w, new float[H], D, H);
    }

    [Benchmark]
    public void ForwardPrepacked() => Dense.ForwardPacked(y, this.x, packed, N, 1, Enum.Parse<DenseKernelPath>(Path));

    [GlobalCleanup]
    public void Dispose()
    {
        packed?.Dispose();
        GC.SuppressFinalize(this);
    }
}
