namespace TrustScore.Verification;

/// <summary>
/// An extra check plugged into <see cref="VersionVerifier"/> (for example conformance vectors bit
/// for bit, ONNX Runtime parity). An expected failure is a returned check with
/// <c>Passed = false</c>; an exception is also reported as a failed check named <see cref="Name"/>.
/// </summary>
public interface IVersionCheck
{
    /// <summary>Stable name shown in reports.</summary>
    string Name { get; }

    /// <summary>Runs the check.</summary>
    VerificationCheck Run(VersionContext context, CancellationToken ct);
}
