using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using TrustScore.Consensus.Scoring;

namespace TrustScore.Bench;

/// <summary>
/// Our scorer against ONNX Runtime on the same model.onnx bytes, same thread count, same rows
/// (docs/benchmarks.md): batch-1 latency and batch-64 and batch-1024 throughput at 1 and 2 threads.
/// Run: dotnet run -c Release --project bench/TrustScore.Bench -- --filter '*InferenceBenchmarks*'
/// </summary>
[Config(typeof(InferenceBenchConfig))]
public class InferenceBenchmarks : IDisposable
{
    private Scorer scorer = null!;
    private InferenceSession session = null!;
    private RunOptions runOptions = null!;
    private OrtValue ortInput = null!;
    private OrtValue ortOutput = null!;
    private float[] x = null!;
    private float[] ours = null!;
    private float[] theirs = null!;
    private string[] inputNames = null!;
    private string[] outputNames = null!;

    [Params(1, 64, 1024)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        this.scorer = Scorer.Load(InferenceModel.Bytes);
        x = InferenceModel.Rows(Batch);
        ours = new float[Batch];
        theirs = new float[Batch];
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(InferenceModel.Bytes, options);
        runOptions = new RunOptions();
        ortInput = OrtValue.CreateTensorValueFromMemory(x, [Batch, 768]);
        ortOutput = OrtValue.CreateTensorValueFromMemory(theirs, [Batch, 1]);
        inputNames = ["features"];
        outputNames = ["trust_score"];
    }

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public float OnnxRuntime()
    {
        session.Run(runOptions, inputNames, [ortInput], outputNames, [ortOutput]);
        return theirs[0];
    }

    [Benchmark(Description = "TrustScore")]
    public float TrustScore()
    {
        this.scorer.Score(x, Batch, ours, Threads);
        return ours[0];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        ortInput?.Dispose();
        ortOutput?.Dispose();
        runOptions?.Dispose();
        session?.Dispose();
        GC.SuppressFinalize(this);
    }
}
