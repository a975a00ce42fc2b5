namespace TrustScore.Training;

/// <summary>
/// One named weight tensor of the network with its gradient (null when not trained, e.g. the
/// BatchNorm moving statistics) and whether L2 weight decay applies (hidden kernels only).
/// </summary>
internal sealed record ParameterTensor(string Name, float[] Values, float[]? Gradient, bool Decays)
{
    /// <summary>Whether the optimizer updates this tensor.</summary>
    public bool Trainable => Gradient is not null;
}
