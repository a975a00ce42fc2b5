using System.Text.Json.Nodes;
using TrustScore.Cli.Tests.Publish;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Quickstart;

/// <summary>
/// <c>trustscore quickstart</c> end to end: a small run with the production
/// architecture and the runbook's gates, published locally and to moto_server; every artifact it
/// leaves is then checked with the other verbs, not with the quickstart's own word.
/// </summary>
[Collection(S3MotoCollection.Name)]
public sealed class QuickstartCommandTests(MotoServer moto)
{
    [Fact]
    public void Quickstart_SmallRun_EveryStep_AndItsArtifactsVerify()
    {
        using var temp = new TempDirectory("quickstart");
        string dir = temp.Combine("qs");
        string s3Registry = $"s3://qs-{Guid.NewGuid():N}"[..25] + "/models/trust_score";
        var run = CliRunner.Run("quickstart", "--dir", dir, "--samples", "4000", "--epochs", "15",
            "--s3-endpoint", moto.Endpoint, "--s3-registry", s3Registry, "--json");
        Assert.True(run.Code == (int)ExitCode.Ok, run.Err);

        for (int step = 1; step <= 15; step++)
        {
            Assert.Contains($"[{step}/15] ", run.Err, StringComparison.Ordinal);
        }

        Assert.Equal(2, run.Err.Split('\n').Count(l => l.StartsWith("epoch 15/15: loss ", StringComparison.Ordinal)));
        Assert.Equal(2, CountOf(run.Err, "Verdict: PASSED"));

        var result = JsonNode.Parse(run.Out)!;
        string first = (string)result["first_version"]!;
        string second = (string)result["second_version"]!;
        string registry = (string)result["registry"]!;
        string publicKey = (string)result["public_key"]!;
        Assert.NotEqual(first, second);
        Assert.Equal(first, (string)result["active_version"]!);
        Assert.Equal(Path.GetFullPath(dir), (string)result["directory"]!);

        foreach (string version in new[] { first, second })
        {
            var show = CliRunner.Run("registry", "show", version, "--registry", registry, "--verify", "--public-key", publicKey);
            Assert.True(show.Code == (int)ExitCode.Ok, show.Out + show.Err);
        }

        var verify = CliRunner.Run("verify", "--model", (string)result["first_version_dir"]!, "--public-key", publicKey);
        Assert.True(verify.Code == (int)ExitCode.Ok, verify.Out + verify.Err);

        var current = CliRunner.Run("rollback", "current", "--registry", registry, "--active", (string)result["active_pointer"]!, "--public-key", publicKey);
        Assert.True(current.Code == (int)ExitCode.Ok, current.Err);
        Assert.StartsWith(first + " sha256:", current.Out, StringComparison.Ordinal);

        var list = JsonNode.Parse(CliRunner.Run("rollback", "list", "--registry", registry, "--active", (string)result["active_pointer"]!, "--public-key", publicKey, "--json").Out)!;
        var versions = list["versions"]!.AsArray();
        Assert.Equal(2, versions.Count);
        Assert.All(versions, v => Assert.True((bool)v!["verified"]!));

        var audit = JsonNode.Parse(CliRunner.Run("audit", "verify", "--registry", registry, "--json").Out)!;
        Assert.True((bool)audit["valid"]!);
        Assert.Equal(5, (int)audit["entries"]!); // publish, publish to S3, publish, activate, rollback
        Assert.Equal((string?)result["audit_head"], (string?)audit["head_sha256"]);

        var s3Show = CliRunner.Run("registry", "show", first, "--registry", s3Registry, "--endpoint", moto.Endpoint, "--verify");
        Assert.True(s3Show.Code == 0, s3Show.Out + s3Show.Err);

        foreach (string proposal in new[] { (string)result["proposal"]!, (string)result["rollback_proposal"]! })
        {
            var submit = CliRunner.Run("proposal", "submit", proposal, "--from", "validator", "--dry-run");
            Assert.True(submit.Code == (int)ExitCode.Ok, submit.Err);
        }

        Assert.Contains("<html", File.ReadAllText((string)result["evaluation_report"]!), StringComparison.OrdinalIgnoreCase);
        string tensorboard = (string)result["tensorboard_logs"]!;
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(tensorboard, "train"), "events.out.tfevents.*"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(tensorboard, "validation"), "events.out.tfevents.*"));
        Assert.False(Directory.Exists(Path.Combine(dir, "runs", "first", "checkpoints")), "checkpoints are removed without --keep");
        Assert.True(File.Exists(Path.Combine(dir, ".trustscore-quickstart")));
    }

    [Fact]
    public void Quickstart_OwnConfig_Keep_Rerun_ReplacesThePreviousRun_AndRetrainsBitForBit()
    {
        using var temp = new TempDirectory("quickstart-own");
        string dir = temp.Combine("qs");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ".trustscore-quickstart"), "an earlier run\n");
        File.WriteAllText(Path.Combine(dir, "left-over.txt"), "from the earlier run");
        string config = SmallTrainingConfig.Write(temp.Combine("small.yaml"), "${VEID_DATASET_PATH}");

        var run = CliRunner.Run("quickstart", "--dir", dir, "--samples", "1500", "--config", config, "--keep", "--json");
        Assert.True(run.Code == (int)ExitCode.Ok, run.Err);
        Assert.Contains("[14/14] ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("[15/", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "left-over.txt")), "a previous quickstart directory is replaced");
        Assert.Equal(File.ReadAllText(config), File.ReadAllText(Path.Combine(dir, "config", "user_config_first.yaml")));
        Assert.True(File.Exists(Path.Combine(dir, "runs", "first", "checkpoints", "final.ckpt")), "--keep keeps the checkpoints");

        // Same config and data: the retrained version has the same model bytes under a new name.
        var result = JsonNode.Parse(run.Out)!;
        string firstRoot = CliRunner.Run("hash", Path.Combine((string)result["first_version_dir"]!, "model")).Out.Trim();
        string secondRoot = CliRunner.Run("hash", Path.Combine((string)result["second_version_dir"]!, "model")).Out.Trim();
        Assert.StartsWith("sha256:", firstRoot, StringComparison.Ordinal);
        Assert.Equal(firstRoot, secondRoot);
        Assert.Null((string?)result["s3_location"]);
    }

    [Fact]
    public void Quickstart_ForeignNonEmptyDirectory_IsRefused_AndLeftAlone()
    {
        using var temp = new TempDirectory("quickstart-foreign");
        File.WriteAllText(temp.Combine("precious.txt"), "keep me");
        var run = CliRunner.Run("quickstart", "--dir", temp.Path);
        Assert.Equal((int)ExitCode.BadInput, run.Code);
        Assert.Contains("not empty and was not made by 'trustscore quickstart'", run.Err, StringComparison.Ordinal);
        Assert.Equal(["precious.txt"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Quickstart_TooFewSamples_IsBadInput_BeforeWritingAnything()
    {
        using var temp = new TempDirectory("quickstart-small");
        var run = CliRunner.Run("quickstart", "--dir", temp.Combine("qs"), "--samples", "10");
        Assert.Equal((int)ExitCode.BadInput, run.Code);
        Assert.Contains("--samples must be at least 500", run.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("qs")));
    }

    [Fact]
    public void Quickstart_Help_ShowsAnExample()
    {
        var help = CliRunner.Run("quickstart", "--help");
        Assert.Equal((int)ExitCode.Ok, help.Code);
        Assert.Contains("Example: trustscore quickstart", help.Out, StringComparison.Ordinal);
        Assert.Contains("--s3-endpoint", help.Out, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
