using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Governance;
using TrustScore.Impact;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Governance;

/// <summary><c>proposal create --impact DIR</c>: the metadata links impact_report.json by its SHA-256.</summary>
public sealed class ImpactLinkTests : IDisposable
{
    private const string Version = "v20250101_120000";
    private readonly TempDirectory temp = new("impact-link");
    private readonly string versionDir;

    public ImpactLinkTests() => versionDir = ReleaseFixtures.WriteVersion(temp.Combine("registry"), Version);

    public void Dispose() => temp.Dispose();

    private string WriteReport(string toRoot)
    {
        var report = new ImpactReport
        {
            From = new ImpactModel("v20241201_000000", "sha256:" + new string('b', 64), "old"),
            To = new ImpactModel(Version, toRoot, versionDir),
            DatasetPath = "data",
            Selection = "all records",
            ChainProfile = "virtengine-mainnet",
            Records = 10,
            ChangeHistogram = [(0, 6), (5, 4)],
            Thresholds = [new ThresholdImpact("standard", 70, 3, 7, 4, 0, [], [])],
            Metrics = [],
            LargestChanges = [],
        };
        string dir = temp.Combine("impact");
        ImpactReportWriter.Write(dir, report);
        return dir;
    }

    private GovProposal Create(string impactDir) => ProposalBuilder.Create(new ProposalOptions
    {
        ManifestPath = Path.Combine(versionDir, "manifest.json"),
        ModelUrl = Path.Combine(versionDir, ReleaseFixtures.ArchiveName(Version)),
        Profile = ChainProfile.VirtEngineMainnet,
        ImpactDirectory = impactDir,
    });

    [Fact]
    public void Metadata_CarriesTheSha256OfTheReportBytes()
    {
        string dir = WriteReport("sha256:" + ReleaseFixtures.RootOf(Path.Combine(versionDir, "model")));
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "impact_report.json"))));

        GovProposal proposal = Create(dir);

        Assert.Contains($"`impact_report.json` sha256 `{sha}`", proposal.OffChainMetadata.Details, StringComparison.Ordinal);
        Assert.Contains("| standard >= 70 | 4 | 0 |", proposal.OffChainMetadata.Details, StringComparison.Ordinal);
        Assert.Contains(sha, proposal.OffChainMetadata.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportAboutAnotherModel_IsBadInput()
    {
        string dir = WriteReport("sha256:" + new string('c', 64));

        var ex = Assert.Throws<BadInputException>(() => Create(dir));

        Assert.Contains("not the proposed model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingReport_IsBadInput()
    {
        Directory.CreateDirectory(temp.Combine("empty"));

        Assert.Throws<BadInputException>(() => Create(temp.Combine("empty")));
    }

    [Fact]
    public void EditedReport_ChangesTheLinkedDigest()
    {
        string dir = WriteReport("sha256:" + ReleaseFixtures.RootOf(Path.Combine(versionDir, "model")));
        string before = Create(dir).OffChainMetadata.Details;
        string path = Path.Combine(dir, "impact_report.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["score_changes"]!["changed"] = 0;
        File.WriteAllText(path, json.ToJsonString());

        Assert.NotEqual(before, Create(dir).OffChainMetadata.Details);
    }
}
