using System.Text.Json;
using TrustScore.Audit;
using TrustScore.Cli.Tests.Publish;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.Rollback;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Rollback;

public sealed class RollbackCommandTests : IDisposable
{
    private readonly TempDirectory tmp = new();

    public RollbackCommandTests()
    {
        foreach (string v in new[] { "v1", "v2", "v3" })
        {
            Assert.Equal((int)ExitCode.Ok, CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("export"), v, "weights-" + v), "--registry", Reg).Code);
        }
    }

    private string Reg => tmp.Combine("artifacts", "models");

    private string Active => tmp.Combine("models", "trust_score", "active");

    private string[] Args(params string[] verb) => [.. verb, "--registry", Reg, "--active", Active];

    private string? PointsAt() => new ActivePointer(Active).ReadTarget() is { } t ? Path.GetFileName(t) : null;

    public void Dispose() => tmp.Dispose();

    [Fact]
    public void ListCurrentToPreviousVerify_EndToEnd()
    {
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "to", "v1")).Code);
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "to", "v3", "--reason", "upgrade")).Code);

        var dry = CliRunner.Run(Args("rollback", "previous", "--dry-run", "--json"));
        Assert.Equal((int)ExitCode.Ok, dry.Code);
        using (var doc = JsonDocument.Parse(dry.Out))
        {
            Assert.Equal("dry_run", doc.RootElement.GetProperty("outcome").GetString());
            Assert.Equal("v1", doc.RootElement.GetProperty("to_version").GetString());
        }

        Assert.Equal("v3", PointsAt());
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "previous", "--reason", "regression")).Code);
        Assert.Equal("v1", PointsAt());

        var current = CliRunner.Run(Args("rollback", "current", "--json"));
        Assert.Equal((int)ExitCode.Ok, current.Code);
        using (var doc = JsonDocument.Parse(current.Out))
        {
            Assert.Equal("v1", doc.RootElement.GetProperty("version").GetString());
            Assert.True(doc.RootElement.GetProperty("verification").GetProperty("passed").GetBoolean());
        }

        var list = CliRunner.Run(Args("rollback", "list", "--json"));
        using (var doc = JsonDocument.Parse(list.Out))
        {
            var rows = doc.RootElement.GetProperty("versions").EnumerateArray().ToList();
            Assert.Equal(3, rows.Count);
            Assert.Equal(["v1"], rows.Where(r => r.GetProperty("active").GetBoolean()).Select(r => r.GetProperty("version").GetString()!).ToArray());
            Assert.All(rows, r => Assert.True(r.GetProperty("verified").GetBoolean()));
        }

        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "verify", "v2")).Code);
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("audit", "verify", "--registry", Reg).Code);
    }

    [Fact]
    public void RollbackToTamperedVersion_ExitsVerificationFailed_ActiveUnchanged()
    {
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "to", "v3")).Code);
        VersionDirectoryFixture.FlipBit(Path.Combine(Reg, "v2", "model", "model.onnx"));

        var (code, _, err) = CliRunner.Run(Args("rollback", "to", "v2"));

        Assert.Equal(5, code);
        Assert.Contains("was not changed", err, StringComparison.Ordinal);
        Assert.Equal("v3", PointsAt());
        Assert.Equal((int)ExitCode.VerificationFailed, CliRunner.Run(Args("rollback", "verify", "v2")).Code);
        Assert.Equal(AuditOutcome.Refused, AuditLog.Open(Reg).Read()[^1].Entry.Outcome);
    }

    [Fact]
    public void CurrentWithoutPointer_IsBadInput()
    {
        Assert.Equal((int)ExitCode.BadInput, CliRunner.Run(Args("rollback", "current")).Code);
    }

    [Theory]
    [InlineData("rollback-verified", "v1")]
    [InlineData("rollback-switched", "v2")]
    [InlineData("rollback-logged", "v2")]
    public void KilledRollback_LeavesAValidActiveModel_AndAnIntactLog(string crashPoint, string expectedActive)
    {
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "to", "v1")).Code);

        KilledCli.KillAt(crashPoint, Args("rollback", "to", "v2"));

        Assert.Equal(expectedActive, PointsAt());
        Assert.True(RegistryVerification.Verify(Path.Combine(Reg, PointsAt()!), published: true).Passed);
        var audit = AuditLog.Open(Reg).Verify();
        Assert.True(audit.Valid, audit.Problem);

        // The next rollback works; "previous" then returns to what was live after the crash.
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "to", "v3")).Code);
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "previous")).Code);
        Assert.Equal(expectedActive, PointsAt());
        Assert.True(AuditLog.Open(Reg).Verify().Valid);
    }

    [Fact]
    public void SecondConcurrentRollback_IsRefusedWithTheHolder_ThenSucceedsAfterTheFirstDies()
    {
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "to", "v1")).Code);
        using (var first = KilledCli.PauseAt("rollback-verified", Args("rollback", "to", "v2")))
        {
            var (code, _, err) = CliRunner.Run(Args("rollback", "to", "v3", "--actor", "carol"));
            Assert.Equal(8, code);
            Assert.Contains($"Another rollback is in progress (pid {first.Pid}, host {Environment.MachineName}, since ", err, StringComparison.Ordinal);
            first.Kill();
        }

        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(Args("rollback", "to", "v3")).Code);
        Assert.Equal("v3", PointsAt());
    }
}
