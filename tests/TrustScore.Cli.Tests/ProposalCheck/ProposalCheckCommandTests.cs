using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.ProposalCheck;

/// <summary>
/// <c>trustscore proposal check</c> on a real proposal (keygen, sign, publish, proposal create
/// through the CLI) and on copies with one field tampered each.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProposalCheckCommandTests : IDisposable
{
    private const string Version = "v20250101_120000";
    private readonly TempDirectory temp = new("proposal-check");
    private readonly string registry;
    private readonly string keys;
    private readonly string proposal;

    public ProposalCheckCommandTests()
    {
        registry = temp.Combine("registry");
        keys = temp.Combine("keys");
        string versionDir = ModelFixtures.WriteVersionDirectory(temp.Combine("export"), Version);
        Run("keygen", "--out", keys, "--name", "release");
        Run("sign", "--model", versionDir, "--key", Path.Combine(keys, "release.key"));
        Run("publish", "--model", versionDir, "--registry", registry, "--public-key", Path.Combine(keys, "release.pub"), "--reason", "release");
        proposal = temp.Combine("out", "proposal.json");
        Run("proposal", "create", "--manifest", Path.Combine(registry, Version, "manifest.json"),
            "--model-url", Path.Combine(registry, Version, $"trust_score_{Version}.tar.gz"), "--out", proposal);
    }

    public void Dispose() => temp.Dispose();

    private static void Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.True(result.Code == 0, $"{string.Join(' ', args)}: {result.Out}{result.Err}");
    }

    private (int Code, string Out, Dictionary<string, bool> Checks) Check(string proposalPath, params string[] extra)
    {
        var result = CliRunner.Run(["proposal", "check", proposalPath, "--registry", registry, "--trusted-keys", keys, .. extra]);
        var text = CliRunner.Run(["proposal", "check", proposalPath, "--registry", registry, "--trusted-keys", keys, "--json", .. extra]);
        using var doc = JsonDocument.Parse(text.Out);
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("passed").GetBoolean());
        return (result.Code, result.Out, checks);
    }

    private string Tampered(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(proposal))!.AsObject();
        edit(json);
        string path = temp.Combine("out", "tampered.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static JsonObject Info(JsonObject p) => p["messages"]![0]!["model_info"]!.AsObject();

    [Fact]
    public void RealProposal_EveryCheckPasses()
    {
        var (code, stdout, checks) = Check(proposal);

        Assert.True(code == 0, stdout);
        foreach (string name in new[] { "messages", "metadata", "artifact", "oms-root", "sha256_hash", "signature", "gates", "version" })
        {
            Assert.True(checks[name], name + "\n" + stdout);
            Assert.Contains("PASS  " + name, stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("FAIL", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type", "messages")]
    [InlineData("authority", "messages")]
    [InlineData("activate_model_id", "messages")]
    [InlineData("model_type", "messages")]
    [InlineData("deposit", "messages")]
    [InlineData("sha256_hash", "sha256_hash")]
    [InlineData("description_root", "oms-root")]
    [InlineData("version", "artifact")]
    [InlineData("metadata", "metadata")]
    [InlineData("title", "metadata")]
    [InlineData("summary", "metadata")]
    public void TamperedField_FailsItsCheck_ExitFive(string field, string check)
    {
        string path = Tampered(p =>
        {
            switch (field)
            {
                case "type": p["messages"]![0]!["@type"] = "/virtengine.veid.v1.MsgRegisterModelX"; break;
                case "authority": p["messages"]![1]!["authority"] = "virtengine1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"; break;
                case "activate_model_id": p["messages"]![1]!["model_id"] = "trust_score-v20990101_000000"; break;
                case "model_type": Info(p)["model_type"] = "liveness"; p["messages"]![1]!["model_type"] = "liveness"; break;
                case "deposit": p["deposit"] = "1uve"; break;
                case "sha256_hash": Info(p)["sha256_hash"] = new string('0', 64); break;
                case "description_root": Info(p)["description"] = ((string)Info(p)["description"]!).Replace("root sha256:", "root sha256:0", StringComparison.Ordinal); break;
                case "version": Info(p)["version"] = "v20990101_000000"; break;
                case "metadata": p["metadata"] = ((string)p["metadata"]!)[..^1] + (((string)p["metadata"]!)[^1] == '0' ? "1" : "0"); break;
                case "title": p["title"] = "Register and activate something else"; break;
                case "summary": p["summary"] = "Nothing to see."; break;
            }
        });

        var (code, stdout, checks) = Check(path);

        Assert.Equal(5, code);
        Assert.False(checks[check], stdout);
        Assert.Contains("FAIL  " + check, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ArchiveAlteredInTheRegistry_FailsArtifact()
    {
        string archive = Path.Combine(registry, Version, $"trust_score_{Version}.tar.gz");
        File.SetAttributes(archive, FileAttributes.Normal);
        File.SetUnixFileMode(archive, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(archive, "x");

        var (code, _, checks) = Check(proposal);

        Assert.Equal(5, code);
        Assert.False(checks["artifact"]);
    }

    [Fact]
    public void SomeoneElsesKey_FailsSignature_AndNoKeysFailsToo()
    {
        string other = temp.Combine("other-keys");
        Run("keygen", "--out", other);

        var withOther = CliRunner.Run("proposal", "check", proposal, "--registry", registry, "--trusted-keys", other);
        var without = CliRunner.Run("proposal", "check", proposal, "--registry", registry);

        Assert.Equal(5, withOther.Code);
        Assert.Contains("FAIL  signature", withOther.Out, StringComparison.Ordinal);
        Assert.Equal(5, without.Code);
        Assert.Contains("FAIL  signature", without.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void NewerVersionAlreadyActive_FailsVersionOrder()
    {
        string newer = ModelFixtures.WriteVersionDirectory(temp.Combine("export2"), "v20250201_000000");
        Run("sign", "--model", newer, "--key", Path.Combine(keys, "release.key"));
        Run("publish", "--model", newer, "--registry", registry, "--public-key", Path.Combine(keys, "release.pub"), "--reason", "release 2");
        Run("rollback", "to", "v20250201_000000", "--registry", registry, "--active", temp.Combine("active"), "--public-key", Path.Combine(keys, "release.pub"), "--reason", "activate");

        var (code, stdout, checks) = Check(proposal);

        Assert.Equal(5, code);
        Assert.False(checks["version"], stdout);
    }

    [Fact]
    public void VersionOrder_IsPublishSequence_NotNameOrder()
    {
        // "v10" sorts before "v9" as text; published after it, it is the newer version.
        string seqRegistry = temp.Combine("seq-registry");
        foreach (string v in new[] { "v9", "v10" })
        {
            string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("seq-export", v), v);
            Run("sign", "--model", dir, "--key", Path.Combine(keys, "release.key"));
            Run("publish", "--model", dir, "--registry", seqRegistry, "--public-key", Path.Combine(keys, "release.pub"), "--reason", "release " + v);
            Run("proposal", "create", "--manifest", Path.Combine(seqRegistry, v, "manifest.json"),
                "--model-url", Path.Combine(seqRegistry, v, $"trust_score_{v}.tar.gz"), "--out", temp.Combine("seq-out", v, "proposal.json"));
        }

        Run("rollback", "to", "v9", "--registry", seqRegistry, "--active", temp.Combine("seq-active"), "--public-key", Path.Combine(keys, "release.pub"), "--reason", "activate v9");
        var forward = CliRunner.Run("proposal", "check", temp.Combine("seq-out", "v10", "proposal.json"), "--registry", seqRegistry, "--trusted-keys", keys);
        Run("rollback", "to", "v10", "--registry", seqRegistry, "--active", temp.Combine("seq-active"), "--public-key", Path.Combine(keys, "release.pub"), "--reason", "activate v10");
        var backward = CliRunner.Run("proposal", "check", temp.Combine("seq-out", "v9", "proposal.json"), "--registry", seqRegistry, "--trusted-keys", keys);

        Assert.True(forward.Code == 0, forward.Out + forward.Err);
        Assert.Contains("PASS  version              v10 (registry sequence 2) was published after the active v9 (sequence 1)", forward.Out, StringComparison.Ordinal);
        Assert.Equal(5, backward.Code);
        Assert.Contains("FAIL  version              v9 (registry sequence 1) was not published after the active v10 (sequence 2)", backward.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingProposalFile_IsBadInput()
    {
        var result = CliRunner.Run("proposal", "check", temp.Combine("nope.json"), "--registry", registry);

        Assert.Equal(3, result.Code);
        Assert.Contains("nope.json", result.Err, StringComparison.Ordinal);
    }
}
