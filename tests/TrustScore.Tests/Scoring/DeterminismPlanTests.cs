using TrustScore.Verification;

namespace TrustScore.Tests.Scoring;

/// <summary>The process plan of <c>verify-determinism</c> (runbook §2.3): every ISA switch, both thread counts, several batch sizes.</summary>
public sealed class DeterminismPlanTests
{
    [Fact]
    public void FirstFiveProcesses_CoverEveryIsaSwitch_TwoThreadCounts_AndDistinctBatches()
    {
        var plan = DeterminismCheck.Plan(5, 1024);

        Assert.Equal([1, 2, 3, 4, 5], plan.Select(p => p.Index));
        Assert.Empty(plan[0].Environment);
        Assert.Equal(
            ["DOTNET_EnableAVX2", "DOTNET_EnableAVX512", "DOTNET_EnableAVX512F", "DOTNET_EnableHWIntrinsic"],
            plan.SelectMany(p => p.Environment.Keys).Order(StringComparer.Ordinal));
        Assert.All(plan.SelectMany(p => p.Environment.Values), v => Assert.Equal("0", v));
        Assert.Equal([1, 2], plan.Select(p => p.Threads).Distinct().Order());
        Assert.Equal(5, plan.Select(p => p.Batch).Distinct().Count());
        Assert.Equal(1024, plan[0].Batch);
    }

    [Fact]
    public void BatchesNeverExceedTheRows_AndLaterRunsCycle()
    {
        var plan = DeterminismCheck.Plan(12, 16);

        Assert.All(plan, p => Assert.InRange(p.Batch, 1, 16));
        Assert.Equal(plan[2].Environment, plan[7].Environment);
        Assert.Contains("DOTNET_EnableHWIntrinsic=0", plan[4].Label, StringComparison.Ordinal);
    }
}
