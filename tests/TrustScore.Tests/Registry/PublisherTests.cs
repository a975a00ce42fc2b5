using Microsoft.Extensions.Time.Testing;
using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

public class PublisherTests
{
    [Fact]
    public void EveryPublish_IncludingRefusals_IsAudited()
    {
        using var tmp = new TempDirectory();
        var clock = new FakeTimeProvider(RegistryTestSupport.Start);
        string reg = tmp.Combine("reg");
        var audit = AuditLog.Open(reg, clock);
        var publisher = new Publisher(new LocalRegistry(reg, clock, "bob@ci"), audit, clock);

        var published = publisher.Publish(new PublishOptions(VersionDirectoryFixture.Write(tmp.Combine("a"), "v1", "w1"), "bob@ci", "release"));
        publisher.Publish(new PublishOptions(VersionDirectoryFixture.Write(tmp.Combine("b"), "v1", "w1"), "bob@ci"));
        Assert.Throws<ImmutabilityConflictException>(() => publisher.Publish(new PublishOptions(VersionDirectoryFixture.Write(tmp.Combine("c"), "v1", "w2"), "bob@ci")));
        Assert.Throws<GatesFailedException>(() => publisher.Publish(new PublishOptions(VersionDirectoryFixture.Write(tmp.Combine("d"), "v2", "w3", gatesPassed: false), "bob@ci")));

        var records = audit.Read();
        Assert.Equal(
            [AuditOutcome.Succeeded, AuditOutcome.Unchanged, AuditOutcome.Refused, AuditOutcome.Refused],
            records.Select(r => r.Entry.Outcome).ToArray());
        Assert.All(records, r => Assert.Equal(AuditAction.Publish, r.Entry.Action));
        Assert.Equal("release", records[0].Entry.Reason);
        Assert.Equal(published.RootDigest, records[0].Entry.ToDigest);
        Assert.Contains(records[3].Entry.Verification, c => c.Name == "gates" && !c.Passed);
        Assert.True(audit.Verify().Valid);
        Assert.Equal(["v1"], new LocalRegistry(reg, clock, "x").List().Select(e => e.Version).ToArray());
    }
}
