using System.Security.Cryptography;
using System.Text.Json;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Diff;

/// <summary><c>trustscore diff</c> and <c>proposal create --impact</c> through the CLI.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("cli-diff");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Diff_WritesReports_AndProposalLinksTheJsonDigest()
    {
        string from = ConstantScoreVersion.Write(temp.Combine("from"), "v20250101_000000", 0f);
        string to = ConstantScoreVersion.Write(temp.Combine("to"), "v20250102_000000", 2f);
        var synth = CliRunner.Run("dataset", "synth", "--out", temp.Combine("data"), "--samples", "40", "--seed", "3");
        Assert.True(synth.Code == 0, synth.Err);
        string profile = temp.Combine("custom.yaml");
        File.WriteAllText(profile, File.ReadAllText(Path.Combine(RepoRoot(), "configs", "chains", "virtengine-mainnet.yaml"))
            .Replace("name: virtengine-mainnet", "name: custom", StringComparison.Ordinal)
            .Replace("  basic: 50\n  standard: 70\n  premium: 85\n", "  pass: 50\n  high_trust: 80\n", StringComparison.Ordinal));

        var diff = CliRunner.Run("diff", "--from", from, "--to", to, "--dataset", temp.Combine("data"), "--chain", profile, "--out", temp.Combine("impact"), "--json");

        Assert.True(diff.Code == 0, diff.Err);
        using var doc = JsonDocument.Parse(diff.Out);
        Assert.Equal(40, doc.RootElement.GetProperty("score_changes").GetProperty("changed").GetInt32());
        var thresholds = doc.RootElement.GetProperty("thresholds").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("crossed_up").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["pass"] = 0, ["high_trust"] = 40 }, thresholds);
        string reportSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temp.Combine("impact", "impact_report.json"))));
        Assert.Equal(reportSha, doc.RootElement.GetProperty("files").GetProperty("json_sha256").GetString());
        Assert.True(File.Exists(temp.Combine("impact", "impact_report.html")));
        Assert.True(File.Exists(temp.Combine("impact", "impact_report.txt")));

        var create = CliRunner.Run("proposal", "create", "--manifest", Path.Combine(to, "manifest.json"),
            "--model-url", Path.Combine(to, "trust_score_v20250102_000000.tar.gz"), "--impact", temp.Combine("impact"), "--out", temp.Combine("out", "proposal.json"));

        Assert.True(create.Code == 0, create.Err);
        string metadata = File.ReadAllText(temp.Combine("out", "proposal_metadata.json"));
        Assert.Contains(reportSha, metadata, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_MissingDataset_IsBadInput()
    {
        string from = ConstantScoreVersion.Write(temp.Combine("from"), "v1", 0f);

        var diff = CliRunner.Run("diff", "--from", from, "--to", from, "--dataset", temp.Combine("nope"));

        Assert.Equal(3, diff.Code);
        Assert.Contains("nope", diff.Err, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrustScore.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
