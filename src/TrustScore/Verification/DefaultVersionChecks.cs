namespace TrustScore.Verification;

/// <summary>
/// The extra checks <c>trustscore verify</c> runs by default after digests and signatures:
/// conformance vectors bit for bit, then ONNX Runtime parity.
/// </summary>
public static class DefaultVersionChecks
{
    /// <summary>A fresh list of the default extra checks, in the order they run.</summary>
    public static IReadOnlyList<IVersionCheck> Create() => [new ConformanceVectorsCheck(), new OnnxRuntimeParityCheck()];
}
