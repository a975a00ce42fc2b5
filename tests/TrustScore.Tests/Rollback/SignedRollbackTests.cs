using Microsoft.Extensions.Time.Testing;
using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.Rollback;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Tests.Registry;
using TrustScore.Verification;

namespace TrustScore.Tests.Rollback;

public class SignedRollbackTests
{
    [Fact]
    public void SignatureIsChecked_OnPublishAndRollback_WhenTheOperatorGivesAKey()
    {
        using var tmp = new TempDirectory();
        var clock = new FakeTimeProvider(RegistryTestSupport.Start);
        var operatorKey = KeyGenerator.Generate(tmp.Combine("keys", "operator"));
        var otherKey = KeyGenerator.Generate(tmp.Combine("keys", "other"));
        var keys = new VerifyOptions { PublicKeyPath = operatorKey.PublicKeyPath };
        string reg = tmp.Combine("reg");
        var publisher = new Publisher(new LocalRegistry(reg, clock, "bob"), AuditLog.Open(reg, clock), clock);

        string good = ModelFixtures.WriteVersionDirectory(tmp.Combine("export"), "1.0.0");
        ModelSigner.Sign(good, operatorKey.PrivateKeyPath);
        string foreign = ModelFixtures.WriteVersionDirectory(tmp.Combine("export"), "1.1.0");
        ModelSigner.Sign(foreign, otherKey.PrivateKeyPath);

        publisher.Publish(new PublishOptions(good, "bob", null, keys));
        var refused = Assert.Throws<VerificationFailedException>(() => publisher.Publish(new PublishOptions(foreign, "bob", null, keys)));
        Assert.Contains("signature", refused.Message, StringComparison.Ordinal);

        // Published without the key check (as an operator without keys could), then refused at rollback time.
        publisher.Publish(new PublishOptions(foreign, "bob"));
        var service = new RollbackService(new RollbackOptions(reg, tmp.Combine("active"), "op", keys), clock);
        Assert.Equal(AuditOutcome.Succeeded, service.Switch(new SwitchRequest("1.0.0", null, false)).Outcome);
        Assert.Contains(service.Current()!.Verification.Checks, c => c.Name == VersionVerifier.SignatureCheck && c.Passed);

        Assert.Throws<VerificationFailedException>(() => service.Switch(new SwitchRequest("1.1.0", null, false)));
        Assert.Equal("1.0.0", service.Current()!.Version);
        Assert.Contains(AuditLog.Open(reg).Read()[^1].Entry.Verification, c => c.Name == VersionVerifier.SignatureCheck && !c.Passed);
    }
}
