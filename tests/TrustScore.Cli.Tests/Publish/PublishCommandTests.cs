using System.Text.Json;
using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Publish;

public class PublishCommandTests
{
    [Fact]
    public void Publish_Verify_RepublishIdentical_RepublishChanged_ExitCodes()
    {
        using var tmp = new TempDirectory();
        string reg = tmp.Combine("reg");
        string v1 = VersionDirectoryFixture.Write(tmp.Combine("a"), "v1", "w1");

        var (code, stdout, _) = CliRunner.Run("publish", "--model", v1, "--registry", reg, "--json");
        Assert.Equal(0, code);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal("published", doc.RootElement.GetProperty("outcome").GetString());
            Assert.Equal(VersionDirectoryFixture.ManifestRoot(v1), doc.RootElement.GetProperty("root_digest").GetString());
        }

        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("registry", "show", "v1", "--registry", reg, "--verify").Code);

        var again = CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("b"), "v1", "w1"), "--registry", reg);
        Assert.Equal((int)ExitCode.Ok, again.Code);
        Assert.Contains("already published (identical)", again.Err, StringComparison.Ordinal);

        var changed = CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("c"), "v1", "w2"), "--registry", reg);
        Assert.Equal((int)ExitCode.ImmutabilityConflict, changed.Code);
        Assert.Contains("nothing was changed", changed.Err, StringComparison.Ordinal);

        var gates = CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("d"), "v2", "w3", gatesPassed: false), "--registry", reg);
        Assert.Equal((int)ExitCode.GatesFailed, gates.Code);

        Assert.Equal((int)ExitCode.BadInput, CliRunner.Run("publish", "--model", tmp.Combine("missing"), "--registry", reg).Code);

        var list = CliRunner.Run("registry", "list", "--registry", reg, "--verify", "--json");
        using var listed = JsonDocument.Parse(list.Out);
        Assert.Equal(["v1"], listed.RootElement.GetProperty("versions").EnumerateArray().Select(e => e.GetProperty("version").GetString()!).ToArray());
        Assert.True(listed.RootElement.GetProperty("versions")[0].GetProperty("verified").GetBoolean());
        Assert.True(AuditLog.Open(reg).Verify().Valid);
        Assert.Equal(5, AuditLog.Open(reg).Read().Count);
    }

    [Fact]
    public void RegistryShowVerify_CatchesAFileChangedBehindTheToolsBack()
    {
        using var tmp = new TempDirectory();
        string reg = tmp.Combine("reg");
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Path, "v1", "w1"), "--registry", reg).Code);
        VersionDirectoryFixture.FlipBit(Path.Combine(reg, "v1", "model", "conformance.json"));

        var (code, stdout, _) = CliRunner.Run("registry", "show", "v1", "--registry", reg, "--verify", "--json");

        Assert.Equal(5, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.GetProperty("verification").GetProperty("passed").GetBoolean());
    }

    /// <summary>
    /// `registry show --verify --json` renders its verification in the one form documented for
    /// `verify --json` (docs/formats.md §5: checks[].name, computed_root, diff, skipped); it used to
    /// say checks[].check and root_digest.
    /// </summary>
    [Fact]
    public void RegistryShowVerifyJson_HasTheFieldsOfVerifyJson()
    {
        using var tmp = new TempDirectory();
        string reg = tmp.Combine("reg");
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Path, "v1", "w1"), "--registry", reg).Code);

        var shown = CliRunner.Run("registry", "show", "v1", "--registry", reg, "--verify", "--json");

        Assert.Equal((int)ExitCode.Ok, shown.Code);
        using var show = JsonDocument.Parse(shown.Out);
        var verification = show.RootElement.GetProperty("verification");
        Assert.Equal(["checks", "computed_root", "diff", "passed", "skipped", "version", "version_dir"], verification.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["changed", "extra", "missing"], verification.GetProperty("diff").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(VersionDirectoryFixture.ManifestRoot(Path.Combine(reg, "v1")), verification.GetProperty("computed_root").GetString());
        Assert.Contains(verification.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "archive" && c.GetProperty("passed").GetBoolean());
        Assert.All(verification.GetProperty("checks").EnumerateArray(), c => Assert.Equal(["detail", "name", "passed"], c.EnumerateObject().Select(p => p.Name).ToArray()));
    }

    [Theory]
    [InlineData("publish-copied")]
    [InlineData("publish-staged")]
    [InlineData("publish-renamed")]
    public void KilledPublisher_LeavesNoPartialVersion_AndALaterPublishSucceeds(string crashPoint)
    {
        using var tmp = new TempDirectory();
        string reg = tmp.Combine("reg");
        string v1 = VersionDirectoryFixture.Write(tmp.Path, "v1", "weights");

        KilledCli.KillAt(crashPoint, "publish", "--model", v1, "--registry", reg);

        AssertOnlyCompleteVersions(reg);
        var after = new LocalRegistry(reg, TimeProvider.System, "t").List();
        Assert.Equal(crashPoint == "publish-renamed" ? ["v1"] : [], after.Select(e => e.Version).ToArray());

        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("publish", "--model", v1, "--registry", reg).Code);
        Assert.Empty(Directory.GetDirectories(reg, ".staging-*"));
        Assert.True(RegistryVerification.Verify(Path.Combine(reg, "v1"), published: true).Passed);
    }

    [Fact]
    public void PublishersKilledAtArbitraryTimes_NeverLeaveAPartialVersion()
    {
        using var tmp = new TempDirectory();
        string reg = tmp.Combine("reg");
        string v1 = VersionDirectoryFixture.Write(tmp.Path, "v1", "weights");
        foreach (int ms in new[] { 150, 400, 700 })
        {
            KilledCli.KillAfter(TimeSpan.FromMilliseconds(ms), "publish", "--model", v1, "--registry", reg);
            AssertOnlyCompleteVersions(reg);
        }

        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("publish", "--model", v1, "--registry", reg).Code);
        AssertOnlyCompleteVersions(reg);
    }

    private static void AssertOnlyCompleteVersions(string reg)
    {
        if (!Directory.Exists(reg))
        {
            return;
        }

        foreach (string dir in Directory.GetDirectories(reg).Where(d => !Path.GetFileName(d).StartsWith('.')))
        {
            var verification = RegistryVerification.Verify(dir, published: true);
            Assert.True(verification.Passed, $"{dir}: {verification.FailureSummary}");
        }
    }
}
