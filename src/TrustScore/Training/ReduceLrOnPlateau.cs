namespace TrustScore.Training;

/// <summary>
/// Keras <c>ReduceLROnPlateau(monitor="val_loss", mode="min")</c> (runbook §1.3). At the end
/// of each epoch: leave cooldown (wait reset); an improvement is current &lt; best − min_delta
/// (absolute); otherwise, outside cooldown, wait += 1 and when wait ≥ patience and
/// lr &gt; min_lr: lr = float32(max(lr·factor, min_lr)), start cooldown, wait = 0.
/// </summary>
public sealed class ReduceLrOnPlateau
{
    private readonly ReduceLrOptions options;

    public ReduceLrOnPlateau(ReduceLrOptions options) => this.options = options;

    /// <summary>Best val_loss so far (+∞ before the first epoch).</summary>
    public double Best { get; set; } = double.PositiveInfinity;

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int Cooldown { get; set; }

    /// <summary>Observes one epoch's val_loss; returns the learning rate for the next epoch.</summary>
    public float OnEpochEnd(double current, float learningRate)
    {
        if (!options.Enabled)
        {
            return learningRate;
        }

        if (Cooldown > 0)
        {
            Cooldown--;
            Wait = 0;
        }

        if (current < Best - options.MinDelta)
        {
            Best = current;
            Wait = 0;
        }
        else if (Cooldown <= 0)
        {
            Wait++;
            if (Wait >= options.Patience && learningRate > (float)options.MinLearningRate)
            {
                learningRate = (float)Math.Max(learningRate * options.Factor, options.MinLearningRate);
                Cooldown = options.Cooldown;
                Wait = 0;
            }
        }

        return learningRate;
    }
}
