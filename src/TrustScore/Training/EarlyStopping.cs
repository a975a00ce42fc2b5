namespace TrustScore.Training;

/// <summary>
/// Keras <c>EarlyStopping(monitor="val_loss", mode="min")</c> (runbook §1.3). At the end of
/// epoch e (0-based): wait += 1; an improvement is current + min_delta &lt; best (absolute; Keras negates min_delta in
/// "min" mode and tests current − min_delta &lt; best), which
/// records best, best epoch and resets wait; otherwise when wait ≥ patience and e &gt; 0 training
/// stops. With restore_best_weights the best epoch's weights are restored when training ends
/// (whether or not it stopped early; the first epoch counts as best until beaten).
/// </summary>
public sealed class EarlyStopping
{
    private readonly EarlyStoppingOptions options;

    public EarlyStopping(EarlyStoppingOptions options) => this.options = options;

    /// <summary>Best val_loss so far.</summary>
    public double Best { get; set; } = double.PositiveInfinity;

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; set; }

    /// <summary>0-based epoch of <see cref="Best"/> (−1 before the first epoch).</summary>
    public int BestEpoch { get; set; } = -1;

    /// <summary>0-based epoch at which training stopped early (−1 if it did not).</summary>
    public int StoppedEpoch { get; set; } = -1;

    /// <summary>Observes epoch <paramref name="epoch"/>; returns (improved, stop).</summary>
    public (bool Improved, bool Stop) OnEpochEnd(int epoch, double current)
    {
        if (!options.Enabled)
        {
            bool better = current < Best;
            if (better)
            {
                Best = current;
                BestEpoch = epoch;
            }

            return (better, false);
        }

        Wait++;
        if (current + options.MinDelta < Best)
        {
            Best = current;
            BestEpoch = epoch;
            Wait = 0;
            return (true, false);
        }

        if (Wait >= options.Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            return (false, true);
        }

        return (false, false);
    }
}
