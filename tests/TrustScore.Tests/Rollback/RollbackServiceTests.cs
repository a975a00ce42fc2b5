using Microsoft.Extensions.Time.Testing;
using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.Rollback;
using TrustScore.TestSupport;
using TrustScore.Tests.Registry;

namespace TrustScore.Tests.Rollback;

public sealed class RollbackServiceTests : IDisposable
{
    private readonly TempDirectory tmp = new();
    private readonly FakeTimeProvider clock = new(RegistryTestSupport.Start);

    public RollbackServiceTests()
    {
        var registry = new LocalRegistry(Reg, clock, "bob@ci");
        foreach (string v in new[] { "v1", "v2", "v3" })
        {
            registry.Publish(VersionDirectoryFixture.Write(tmp.Combine("export"), v, "weights-" + v), v);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private string Reg => tmp.Combine("artifacts", "models");

    private string Active => tmp.Combine("models", "trust_score", "active");

    private RollbackService Service(string actor = "op@node") => new(new RollbackOptions(Reg, Active, actor), clock);

    private string? PointsAt() => new ActivePointer(Active).ReadTarget() is { } t ? Path.GetFileName(t) : null;

    public void Dispose() => tmp.Dispose();

    [Fact]
    public void RollbackTo_GoodVersion_MovesPointer_WritesEntry_AuditVerifies()
    {
        Service().Switch(new SwitchRequest("v1", null, false));
        var result = Service().Switch(new SwitchRequest("v2", "incident 42", false));

        Assert.Equal("v2", PointsAt());
        Assert.Equal((AuditAction.RollbackTo, AuditOutcome.Succeeded, "v1", "v2"), (result.Action, result.Outcome, result.FromVersion, result.ToVersion));
        Assert.True(File.ReadAllText(Active + "/manifest.json").Contains("\"v2\"", StringComparison.Ordinal));
        var last = AuditLog.Open(Reg).Read()[^1].Entry;
        Assert.Equal((AuditAction.RollbackTo, "v1", "v2", "incident 42", "op@node"), (last.Action, last.FromVersion, last.ToVersion, last.Reason, last.Actor));
        Assert.Equal(VersionDirectoryFixture.ManifestRoot(tmp.Combine("export", "v2")), last.ToDigest);
        Assert.Contains(last.Verification, c => c.Name == "digest" && c.Passed);
        Assert.True(AuditLog.Open(Reg).Verify().Valid);
        Assert.Equal("v2", Service().Current()!.Version);
        Assert.True(Service().Current()!.Verification.Passed);
    }

    [Fact]
    public void RollbackTo_TamperedVersion_IsRefused_ActiveUnchanged_RefusalLogged()
    {
        Service().Switch(new SwitchRequest("v3", null, false));
        VersionDirectoryFixture.FlipBit(Path.Combine(Reg, "v1", "model", "model.onnx"), 3);

        var ex = Assert.Throws<VerificationFailedException>(() => Service().Switch(new SwitchRequest("v1", "try", false)));

        Assert.Contains("digest", ex.Message, StringComparison.Ordinal);
        Assert.Equal("v3", PointsAt());
        var last = AuditLog.Open(Reg).Read()[^1].Entry;
        Assert.Equal((AuditAction.RollbackTo, AuditOutcome.Refused, "v3", "v1"), (last.Action, last.Outcome, last.FromVersion, last.ToVersion));
        Assert.Contains(last.Verification, c => c.Name == "digest" && !c.Passed);
        Assert.False(Service().Verify("v1").Passed);
        Assert.Contains(Service().List(), i => i.Entry.Version == "v1" && !i.Verification.Passed);
    }

    [Fact]
    public void RollbackTo_VersionFailingItsConformanceVectors_IsRefused_EvenWithoutAKey()
    {
        // Digests and manifest are consistent (the bad vectors are sealed in), and no key is
        // given: only re-running the conformance vectors with the consensus scorer catches it.
        var otherModelVectors = ModelFixtures.TinyModel(0.9f).Conformance;
        new LocalRegistry(Reg, clock, "bob@ci").Publish(VersionDirectoryFixture.Write(tmp.Combine("export"), "v4", "weights-v4", conformanceOverride: otherModelVectors), "v4");
        Service().Switch(new SwitchRequest("v3", null, false));

        var ex = Assert.Throws<VerificationFailedException>(() => Service().Switch(new SwitchRequest("v4", "try", false)));

        Assert.Contains("conformance", ex.Message, StringComparison.Ordinal);
        Assert.Equal("v3", PointsAt());
        var last = AuditLog.Open(Reg).Read()[^1].Entry;
        Assert.Equal((AuditAction.RollbackTo, AuditOutcome.Refused), (last.Action, last.Outcome));
        Assert.Contains(last.Verification, c => c.Name == "conformance" && !c.Passed);
        Assert.Contains(last.Verification, c => c.Name == "digest" && c.Passed);
    }

    /// <summary>
    /// A published version whose manifest was later replaced by one whose gates failed (same model,
    /// so only the gates check fails) is refused like publish refuses it: gates failed, exit 4 —
    /// through the report's one ThrowIfFailed. Rollback used to map every failure to exit 5.
    /// </summary>
    [Fact]
    public void RollbackTo_VersionWhoseOnlyFailureIsItsGates_IsRefusedAsGatesFailed()
    {
        new LocalRegistry(Reg, clock, "bob@ci").Publish(VersionDirectoryFixture.Write(tmp.Combine("export"), "v4", "weights-v4"), "v4");
        string failing = VersionDirectoryFixture.Write(tmp.Combine("failing"), "v4", "weights-v4", gatesPassed: false);
        string published = Path.Combine(Reg, "v4", "manifest.json");
        File.SetAttributes(published, FileAttributes.Normal);
        File.Copy(Path.Combine(failing, "manifest.json"), published, overwrite: true);
        Service().Switch(new SwitchRequest("v3", null, false));

        var ex = Assert.Throws<GatesFailedException>(() => Service().Switch(new SwitchRequest("v4", "try", false)));

        Assert.Equal(ExitCode.GatesFailed, ex.ExitCode);
        Assert.StartsWith("the active model was not changed to v4 because its gates failed: gates:", ex.Message, StringComparison.Ordinal);
        Assert.Equal("v3", PointsAt());
        Assert.Equal(["gates"], Service().Verify("v4").Failures.Select(c => c.Name));
        Assert.Equal(AuditOutcome.Refused, AuditLog.Open(Reg).Read()[^1].Entry.Outcome);
    }

    [Fact]
    public void RollbackTo_UnpublishedVersion_IsBadInput()
    {
        var ex = Assert.Throws<BadInputException>(() => Service().Switch(new SwitchRequest("v7", null, false)));
        Assert.Contains("not published", ex.Message, StringComparison.Ordinal);
        Assert.Null(PointsAt());
    }

    [Fact]
    public void Previous_FollowsActivationHistory_IncludingTwoRollbacksInARow()
    {
        // Activation order differs from publish order on purpose: "previous" is not "second newest".
        foreach (string v in new[] { "v2", "v1", "v3" })
        {
            Service().Switch(new SwitchRequest(v, null, false));
        }

        Assert.Equal("v1", Service().Switch(new SwitchRequest(null, "regression", false)).ToVersion);
        Assert.Equal("v1", PointsAt());
        Assert.Equal("v2", Service().Switch(new SwitchRequest(null, "still bad", false)).ToVersion);
        Assert.Equal("v2", PointsAt());
        Assert.Throws<BadInputException>(() => Service().Switch(new SwitchRequest(null, null, false)));
        Assert.Equal("v2", PointsAt());
        Assert.True(AuditLog.Open(Reg).Verify().Valid);
    }

    [Fact]
    public void DryRun_ChangesNothing_ButIsRecorded()
    {
        Service().Switch(new SwitchRequest("v1", null, false));
        var result = Service().Switch(new SwitchRequest("v2", null, true));

        Assert.Equal(AuditOutcome.DryRun, result.Outcome);
        Assert.Equal("v1", PointsAt());
        Assert.Equal(AuditOutcome.DryRun, AuditLog.Open(Reg).Read()[^1].Entry.Outcome);

        // A dry run does not count as an activation.
        Assert.Throws<BadInputException>(() => Service().Switch(new SwitchRequest(null, null, true)));
    }

    [Fact]
    public void SecondOperator_IsRefusedCleanly_WhileTheLockIsHeld()
    {
        Service().Switch(new SwitchRequest("v1", null, false));
        using (ExclusiveLock.Acquire(Path.Combine(Reg, RollbackService.LockName), "rollback", TimeSpan.Zero, clock, "Another rollback"))
        {
            var ex = Assert.Throws<BusyException>(() => Service("carol@node").Switch(new SwitchRequest("v2", null, false)));
            Assert.Contains($"Another rollback is in progress (pid {Environment.ProcessId}", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal("v1", PointsAt());
        var last = AuditLog.Open(Reg).Read()[^1].Entry;
        Assert.Equal((AuditOutcome.Refused, "carol@node"), (last.Outcome, last.Actor));
    }

    [Fact]
    public void PointerMovedWithoutARecord_IsReconciledBeforeTheNextRollback()
    {
        Service().Switch(new SwitchRequest("v1", null, false));

        // As if a crash came between the switch to v3 and its log append.
        new ActivePointer(Active).SwitchTo(Path.Combine(Reg, "v3"));
        var result = Service().Switch(new SwitchRequest(null, null, false));

        Assert.Equal(("v3", "v1"), (result.FromVersion, result.ToVersion));
        var actions = AuditLog.Open(Reg).Read().Select(r => r.Entry.Action).ToArray();
        Assert.Equal([AuditAction.Reconcile, AuditAction.RollbackPrevious], actions[^2..]);
    }

    [Fact]
    public void SwitchingTheSameVersion_IsUnchanged()
    {
        Service().Switch(new SwitchRequest("v1", null, false));
        Assert.Equal(AuditOutcome.Unchanged, Service().Switch(new SwitchRequest("v1", null, false)).Outcome);
    }

    [Fact]
    public void List_MarksActive_NewestPublishedFirst()
    {
        Service().Switch(new SwitchRequest("v2", null, false));
        var list = Service().List();
        Assert.Equal(["v3", "v2", "v1"], list.Select(i => i.Entry.Version).ToArray());
        Assert.Equal([false, true, false], list.Select(i => i.Active).ToArray());
        Assert.All(list, i => Assert.True(i.Verification.Passed));
    }

    [Fact]
    public void Pointer_NeverDisappears_WhileItIsSwitchedRepeatedly()
    {
        var pointer = new ActivePointer(Active);
        pointer.SwitchTo(Path.Combine(Reg, "v1"));
        int missing = 0;
        bool done = false;
        var reader = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                if (!File.Exists(Path.Combine(Active, "manifest.json")))
                {
                    Interlocked.Increment(ref missing);
                }
            }
        });
        reader.Start();
        for (int i = 0; i < 300; i++)
        {
            pointer.SwitchTo(Path.Combine(Reg, i % 2 == 0 ? "v2" : "v1"));
        }

        Volatile.Write(ref done, true);
        reader.Join();
        Assert.Equal(0, missing);
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(Active)!, ".active.tmp-*"));
    }
}
