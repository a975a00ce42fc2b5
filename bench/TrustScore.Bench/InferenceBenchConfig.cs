using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TrustScore.Bench;

/// <summary>
/// A short in-process job (3 warm-ups, 5 measured iterations) so the whole inference suite takes a
/// few minutes; ratios are against ONNX Runtime in the same process and run.
/// </summary>
public sealed class InferenceBenchConfig : ManualConfig
{
    public InferenceBenchConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median);
        HideColumns(Column.Error, Column.StdDev);
        SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
    }
}
