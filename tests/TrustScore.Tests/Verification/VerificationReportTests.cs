using TrustScore.Errors;
using TrustScore.Verification;

namespace TrustScore.Tests.Verification;

/// <summary>The one report type's one way to stop an operation.</summary>
public sealed class VerificationReportTests
{
    private static VerificationReport Report(params VerificationCheck[] checks) => new("/v/1.0.0", "1.0.0", null, checks, FileDiff.None, []);

    [Fact]
    public void ThrowIfFailed_Passed_DoesNothing()
    {
        Report(new VerificationCheck("files", true, "ok")).ThrowIfFailed("'v' is not published");
    }

    [Fact]
    public void ThrowIfFailed_OnlyGates_IsGatesFailed()
    {
        var ex = Assert.Throws<GatesFailedException>(() =>
            Report(new VerificationCheck("files", true, "ok"), new VerificationCheck("gates", false, "gates.passed is false.")).ThrowIfFailed("'v' is not published"));
        Assert.Equal("'v' is not published because its gates failed: gates: gates.passed is false.", ex.Message);
    }

    [Fact]
    public void ThrowIfFailed_AnyOtherFailure_IsVerificationFailed_NamingEveryFailure()
    {
        var ex = Assert.Throws<VerificationFailedException>(() =>
            Report(new VerificationCheck("digest", false, "model/ hashes to a."), new VerificationCheck("gates", false, "gates.passed is false.")).ThrowIfFailed("'v' is not published"));
        Assert.Equal("'v' is not published because it does not verify: digest: model/ hashes to a; gates: gates.passed is false.", ex.Message);
    }
}
