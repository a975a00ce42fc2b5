using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using TrustScore.Consensus.Scoring;

namespace TrustScore.Bench;

/// <summary>
/// Our scorer against ONNX Runtime on the same model.onnx bytes, same thread count, same rows
/// (docs/benchmarks.md): batch-1 latency and batch-1024 throughput at 1 and 2 threads.
/// Run: dotnet run -c Release --project bench/TrustScore.Bench -- --filter '*InferenceBenchmarks*'
/// </summary>
[Config(typeof(InferenceBenchConfig))]
public class InferenceBenchmarks : IDisposable
{
    private Scorer _scorer = null!;
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtValue _ortInput = null!;
    private OrtValue _ortOutput = null!;
    private float[] _x = null!;
    private float[] _ours = null!;
    private float[] _theirs = null!;
    private string[] _inputNames = null!;
    private string[] _outputNames = null!;

    [Params(1, 1024)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scorer = Scorer.Load(InferenceModel.Bytes);
        _x = InferenceModel.Rows(Batch);
        _ours = new float[Batch];
        _theirs = new float[Batch];
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(InferenceModel.Bytes, options);
        _runOptions = new RunOptions();
        _ortInput = OrtValue.CreateTensorValueFromMemory(_x, [Batch, 768]);
        _ortOutput = OrtValue.CreateTensorValueFromMemory(_theirs, [Batch, 1]);
        _inputNames = ["features"];
        _outputNames = ["trust_score"];
    }

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public float OnnxRuntime()
    {
        _session.Run(_runOptions, _inputNames, [_ortInput], _outputNames, [_ortOutput]);
        return _theirs[0];
    }

    [Benchmark(Description = "TrustScore")]
    public float TrustScore()
    {
        _scorer.Score(_x, Batch, _ours, Threads);
        return _ours[0];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _ortInput?.Dispose();
        _ortOutput?.Dispose();
        _runOptions?.Dispose();
        _session?.Dispose();
        GC.SuppressFinalize(this);
    }
}
