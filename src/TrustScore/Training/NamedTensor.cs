namespace TrustScore.Training;

/// <summary>One named float32 tensor of a trained network (a copy; never aliased by the trainer).</summary>
public sealed record NamedTensor(string Name, IReadOnlyList<float> Values);
