using System.Text.Json;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Audit;

public class AuditCommandTests
{
    private static string Setup(TempDirectory tmp)
    {
        string reg = tmp.Combine("reg");
        foreach (string v in new[] { "v1", "v2" })
        {
            Assert.Equal((int)ExitCode.Ok, CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("x"), v, "w" + v), "--registry", reg).Code);
        }

        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("rollback", "to", "v2", "--registry", reg, "--active", tmp.Combine("active"), "--reason", "first").Code);
        return reg;
    }

    [Fact]
    public void Verify_PassesOnAnIntactLog_AndFailsWithTheLineAfterAnEdit()
    {
        using var tmp = new TempDirectory();
        string reg = Setup(tmp);
        var ok = CliRunner.Run("audit", "verify", "--registry", reg, "--json");
        Assert.Equal((int)ExitCode.Ok, ok.Code);
        using (var doc = JsonDocument.Parse(ok.Out))
        {
            Assert.Equal(3, doc.RootElement.GetProperty("entries").GetInt64());
        }

        string log = Path.Combine(reg, "rollback_log.jsonl");
        File.WriteAllText(log, File.ReadAllText(log).Replace("\"to_version\":\"v1\"", "\"to_version\":\"v9\"", StringComparison.Ordinal));

        var bad = CliRunner.Run("audit", "verify", "--registry", reg, "--json");
        Assert.Equal((int)ExitCode.VerificationFailed, bad.Code);
        using var broken = JsonDocument.Parse(bad.Out);
        Assert.Equal(2, broken.RootElement.GetProperty("first_bad_line").GetInt64());
    }

    [Fact]
    public void Verify_ReportsExactlyATornLastLine()
    {
        using var tmp = new TempDirectory();
        string reg = Setup(tmp);
        File.AppendAllText(Path.Combine(reg, "rollback_log.jsonl"), "{\"action\":\"rol");

        var (code, _, err) = CliRunner.Run("audit", "verify", "--registry", reg);

        Assert.Equal(5, code);
        Assert.Contains("Line 4 is torn", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_PrintsHistory_FilteredBySince()
    {
        using var tmp = new TempDirectory();
        string reg = Setup(tmp);

        var all = CliRunner.Run("audit", "show", "--registry", reg, "--json");
        Assert.Equal((int)ExitCode.Ok, all.Code);
        using (var doc = JsonDocument.Parse(all.Out))
        {
            Assert.Equal(["publish", "publish", "activate"], doc.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray());
        }

        var future = CliRunner.Run("audit", "show", "--registry", reg, "--since", "2999-01-01", "--json");
        using var none = JsonDocument.Parse(future.Out);
        Assert.Equal(0, none.RootElement.GetProperty("entries").GetArrayLength());

        var human = CliRunner.Run("audit", "show", "--registry", reg);
        Assert.Contains("reason: first", human.Out, StringComparison.Ordinal);
    }
}
