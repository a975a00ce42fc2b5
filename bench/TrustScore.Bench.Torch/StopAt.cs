namespace TrustScore.Bench.Torch;

/// <summary>Progress sink that cancels the run when <c>when</c> says so; chainable.</summary>
internal sealed class StopAt(Func<TrustScore.Training.EpochProgress, bool> when, CancellationTokenSource stop) : IProgress<TrustScore.Training.EpochProgress>
{
    private IProgress<TrustScore.Training.EpochProgress>? next;

    public StopAt Then(IProgress<TrustScore.Training.EpochProgress> following)
    {
        next = following;
        return this;
    }

    public void Report(TrustScore.Training.EpochProgress value)
    {
        if (when(value))
        {
            stop.Cancel();
        }

        next?.Report(value);
    }
}
