using TrustScore.Training;

namespace TrustScore.Tests.Training;

/// <summary>EarlyStopping and ReduceLROnPlateau on constructed val_loss sequences (Keras semantics).</summary>
public sealed class CallbackTests
{
    [Fact]
    public void EarlyStopping_StopsAfterPatienceEpochsWithoutAbsoluteImprovement()
    {
        var stopper = new EarlyStopping(new EarlyStoppingOptions { Patience = 3, MinDelta = 0.1 });
        // Epoch 2 improves by less than min_delta (0.05) so it does not count; best stays epoch 1.
        double[] losses = [10.0, 9.0, 8.95, 8.92, 8.91];
        var stops = losses.Select((l, e) => stopper.OnEpochEnd(e, l).Stop).ToArray();
        Assert.Equal([false, false, false, false, true], stops);
        Assert.Equal(4, stopper.StoppedEpoch);
        Assert.Equal(1, stopper.BestEpoch);
        Assert.Equal(9.0, stopper.Best);
    }

    [Fact]
    public void EarlyStopping_ImprovementResetsWait()
    {
        var stopper = new EarlyStopping(new EarlyStoppingOptions { Patience = 2, MinDelta = 0.001 });
        Assert.Equal((true, false), stopper.OnEpochEnd(0, 5.0));
        Assert.Equal((false, false), stopper.OnEpochEnd(1, 5.0));
        Assert.Equal((true, false), stopper.OnEpochEnd(2, 4.0));
        Assert.Equal((false, false), stopper.OnEpochEnd(3, 4.0));
        Assert.Equal((false, true), stopper.OnEpochEnd(4, 4.5));
        Assert.Equal(2, stopper.BestEpoch);
    }

    [Fact]
    public void EarlyStopping_PatienceZero_NeverStopsOnFirstEpoch()
    {
        var stopper = new EarlyStopping(new EarlyStoppingOptions { Patience = 0 });
        Assert.Equal((true, false), stopper.OnEpochEnd(0, 1.0));
        Assert.Equal((false, true), stopper.OnEpochEnd(1, 2.0));
    }

    [Fact]
    public void ReduceLr_ReducesAfterPatienceThenCoolsDownAndFloorsAtMinLr()
    {
        var plateau = new ReduceLrOnPlateau(new ReduceLrOptions { Factor = 0.1, Patience = 2, MinLearningRate = 1e-5, MinDelta = 1e-4, Cooldown = 1 });
        float lr = 1e-3f;
        var seen = new List<float>();
        // Epochs: 0 improves; 1 waits; 2 (gain 5e-5 < min_delta) waits -> reduce to 1e-4, cooldown 1;
        // 3 leaves cooldown and waits (Keras re-checks cooldown after decrementing); 4 -> reduce to
        // 1e-5 (rounded up in float32); 6 -> exactly min_lr; later epochs cannot go lower.
        double[] losses = [1.0, 1.0, 0.99995, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        foreach (double l in losses)
        {
            lr = plateau.OnEpochEnd(l, lr);
            seen.Add(lr);
        }

        // Keras compares lr > float32(min_lr); float32(1e-4·0.1) lands just above float32(1e-5), so
        // one more reduction (to exactly min_lr) follows after the next patience window.
        float r1 = (float)(1e-3f * 0.1);
        float r2 = (float)Math.Max(r1 * 0.1, 1e-5);
        Assert.True(r2 > (float)1e-5);
        float r3 = (float)Math.Max(r2 * 0.1, 1e-5);
        Assert.Equal([1e-3f, 1e-3f, r1, r1, r2, r2, r3, r3, r3, r3], seen);
        Assert.Equal((float)1e-5, r3);
    }

    [Fact]
    public void ReduceLr_ImprovementBeyondMinDeltaResetsWait()
    {
        var plateau = new ReduceLrOnPlateau(new ReduceLrOptions { Patience = 2 });
        float lr = 0.5f;
        lr = plateau.OnEpochEnd(3.0, lr);
        lr = plateau.OnEpochEnd(3.0, lr);
        lr = plateau.OnEpochEnd(2.0, lr);
        lr = plateau.OnEpochEnd(2.0, lr);
        Assert.Equal(0.5f, lr);
        lr = plateau.OnEpochEnd(2.0, lr);
        Assert.Equal((float)(0.5f * 0.1), lr);
    }
}
