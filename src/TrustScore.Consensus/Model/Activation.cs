namespace TrustScore.Consensus.Model;

/// <summary>What follows a dense layer's affine map in the inference graph.</summary>
public enum Activation
{
    /// <summary>Nothing (the output layer, whose result goes to the sigmoid).</summary>
    None = 0,

    /// <summary>relu(v) = v if v &gt; 0, else +0 (docs/numerics.md §3.2).</summary>
    Relu = 1,
}
