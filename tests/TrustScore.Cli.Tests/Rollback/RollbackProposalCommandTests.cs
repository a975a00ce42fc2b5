using System.Text.Json;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Rollback;

/// <summary>
/// <c>trustscore rollback proposal</c> (runbook §5.3): a MsgActivateModel proposal for an older
/// registered version, replacing the version the active pointer names; a target that does not
/// verify gets no proposal.
/// </summary>
public sealed class RollbackProposalCommandTests : IDisposable
{
    private const string Target = "v20241201_000000";
    private const string Active = "v20250101_000000";
    private const string Newest = "v20250201_000000";
    private readonly TempDirectory temp = new("cli-rollback-proposal");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Proposal_ActivatesTheTarget_ReplacingTheActiveVersion()
    {
        string registry = Registry();
        string active = PointAt(Path.Combine(registry, Active));
        string outDir = temp.Combine("proposals");

        var (code, stdout, stderr) = CliRunner.Run("rollback", "proposal", "--registry", registry, "--to", Target,
            "--reason", "Score drift after v20250101", "--out", outDir, "--active", active, "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("rollback", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal(Active, doc.RootElement.GetProperty("from_version").GetString()); // not the newest, v20250201
        Assert.Equal(KeeperHashOracle.Of(Path.Combine(registry, Target, "model")), doc.RootElement.GetProperty("sha256_hash").GetString());
        string proposalFile = Path.Combine(outDir, "rollback_proposal.json");
        Assert.Equal(proposalFile, doc.RootElement.GetProperty("proposal").GetString());
        Assert.True(File.Exists(Path.Combine(outDir, "rollback_proposal_metadata.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "submit_rollback_proposal.sh")));
        using var proposal = JsonDocument.Parse(File.ReadAllText(proposalFile));
        var message = Assert.Single(proposal.RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal("/virtengine.veid.v1.MsgActivateModel", message.GetProperty("@type").GetString());
        Assert.Equal($"trust_score-{Target}", message.GetProperty("model_id").GetString());
        Assert.Contains("Score drift after v20250101", proposal.RootElement.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Proposal_WithoutActivePointer_ReplacesTheNewestOtherVersion()
    {
        string registry = Registry();

        var (code, stdout, stderr) = CliRunner.Run("rollback", "proposal", "--registry", registry, "--to", Target,
            "--reason", "drift", "--out", temp.Combine("p"), "--active", temp.Combine("no", "active"), "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(Newest, doc.RootElement.GetProperty("from_version").GetString());
    }

    [Fact]
    public void Proposal_TamperedTarget_IsRefused_AndNothingIsWritten()
    {
        string registry = Registry();
        VersionDirectoryFixture.FlipBit(Path.Combine(registry, Target, "model", "model.onnx"));
        string outDir = temp.Combine("proposals");

        var (code, _, stderr) = CliRunner.Run("rollback", "proposal", "--registry", registry, "--to", Target,
            "--reason", "drift", "--out", outDir, "--active", temp.Combine("no", "active"));

        Assert.Equal(5, code);
        Assert.Contains("model.onnx", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Proposal_UnknownVersion_IsBadInput()
    {
        string registry = Registry();

        var (code, _, stderr) = CliRunner.Run("rollback", "proposal", "--registry", registry, "--to", "v19990101_000000",
            "--reason", "drift", "--out", temp.Combine("p"), "--active", temp.Combine("no", "active"));

        Assert.Equal(3, code);
        Assert.Contains("v19990101_000000", stderr, StringComparison.Ordinal);
    }

    private string Registry()
    {
        string registry = temp.Combine("registry");
        ReleaseFixtures.WriteVersion(registry, Target);
        ReleaseFixtures.WriteVersion(registry, Active);
        ReleaseFixtures.WriteVersion(registry, Newest);
        return registry;
    }

    private string PointAt(string versionDir)
    {
        string active = temp.Combine("models", "trust_score", "active");
        Directory.CreateDirectory(Path.GetDirectoryName(active)!);
        File.CreateSymbolicLink(active, versionDir);
        return active;
    }
}
