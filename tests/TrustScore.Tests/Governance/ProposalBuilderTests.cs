using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Governance;
using TrustScore.Governance.Veid;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Governance;

public sealed class ProposalBuilderTests : IDisposable
{
    private const string Version = "v20250101_120000";
    private const string GovVirtEngine = "virtengine10d07y265gmmuvt4z0w9aw880jnsr700juej5a8";
    private readonly TempDirectory temp = new("governance");
    private readonly string registry;
    private readonly string versionDir;

    public ProposalBuilderTests()
    {
        registry = temp.Combine("registry");
        versionDir = ReleaseFixtures.WriteVersion(registry, Version);
    }

    public void Dispose() => temp.Dispose();

    private string ArchivePath => Path.Combine(versionDir, ReleaseFixtures.ArchiveName(Version));

    private ProposalOptions Options(string? url = null, ChainProfile? profile = null) => new()
    {
        ManifestPath = Path.Combine(versionDir, "manifest.json"),
        ModelUrl = url ?? ArchivePath,
        Profile = profile ?? ChainProfile.VirtEngineMainnet,
    };

    [Fact]
    public void Create_VerifiedVersion_RegistersAndActivatesTheKeeperHash_AndKeepsTheRootInTheMetadata()
    {
        var proposal = ProposalBuilder.Create(Options());
        string root = ReleaseFixtures.RootOf(Path.Combine(versionDir, "model"));
        string keeper = KeeperHashOracle.Of(Path.Combine(versionDir, "model"));

        Assert.Equal(2, proposal.Messages.Count);
        var register = Assert.IsType<MsgRegisterModel>(proposal.Messages[0]);
        var activate = Assert.IsType<MsgActivateModel>(proposal.Messages[1]);
        Assert.Equal(GovVirtEngine, register.Authority);
        Assert.Equal(GovVirtEngine, activate.Authority);
        Assert.Equal(keeper, register.ModelInfo.Sha256Hash);
        Assert.Equal(keeper, proposal.Sha256Hash);
        Assert.Contains($"| sha256_hash (virtengine-keeper/1 of `model/`) | `{keeper}` |", proposal.OffChainMetadata.Details, StringComparison.Ordinal);
        Assert.Contains($"| OpenSSF root (signature subject) | `sha256:{root}` |", proposal.OffChainMetadata.Details, StringComparison.Ordinal);
        Assert.Equal("trust_score", register.ModelInfo.ModelType);
        Assert.Equal($"trust_score-{Version}", register.ModelInfo.ModelId);
        Assert.Equal(register.ModelInfo.ModelId, activate.ModelId);
        Assert.Equal("trust_score", activate.ModelType);
        Assert.Equal("2500000000uve", proposal.Deposit);
        Assert.False(proposal.Expedited);
        Assert.True(proposal.Artifact!.ContentVerified);
    }

    [Fact]
    public void Create_ProposalJson_ParsesBackThroughTheMessageDefinitions()
    {
        var proposal = ProposalBuilder.Create(Options());
        var json = ProposalJson.ToJson(proposal);

        // Round trip through text, as the chain would read the file.
        var reread = (JsonObject)JsonNode.Parse(json.ToJsonString())!;
        var validated = ProposalValidator.Validate(reread, ChainProfile.VirtEngineMainnet);
        Assert.Equal(proposal.Messages, validated.Messages);
        Assert.Equal("/virtengine.veid.v1.MsgRegisterModel", reread["messages"]![0]!["@type"]!.GetValue<string>());
        Assert.Equal("/virtengine.veid.v1.MsgActivateModel", reread["messages"]![1]!["@type"]!.GetValue<string>());
        Assert.Equal("0", reread["messages"]![1]!["governance_id"]!.GetValue<string>());
        Assert.False(reread["expedited"]!.GetValue<bool>());
        Assert.Equal(["deposit", "expedited", "messages", "metadata", "summary", "title"], reread.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Create_Metadata_IsShortAndCommitsToTheOffChainFile()
    {
        var proposal = ProposalBuilder.Create(Options());
        byte[] offChain = proposal.OffChainMetadata.ToCanonicalBytes();
        string sha = Convert.ToHexStringLower(SHA256.HashData(offChain));

        Assert.True(proposal.Metadata.Length <= 255, proposal.Metadata);
        Assert.Equal(Path.Combine(versionDir, "proposal_metadata.json") + "#sha256=" + sha, proposal.Metadata);
        var doc = JsonNode.Parse(offChain)!.AsObject();
        Assert.Equal(
            ["authors", "details", "proposal_forum_url", "summary", "title", "vote_option_context"],
            doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        string details = doc["details"]!.GetValue<string>();
        Assert.Contains("| r2 | 0.912 |", details, StringComparison.Ordinal);
        Assert.Contains(ReleaseFixtures.RootOf(Path.Combine(versionDir, "model")), details, StringComparison.Ordinal);
        Assert.Contains("Rollback plan", details, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_IsDeterministic()
    {
        var a = ProposalBuilder.Create(Options());
        var b = ProposalBuilder.Create(Options());
        Assert.Equal(ProposalJson.ToJson(a).ToJsonString(), ProposalJson.ToJson(b).ToJsonString());
        Assert.Equal(a.OffChainMetadata.ToCanonicalBytes(), b.OffChainMetadata.ToCanonicalBytes());
    }

    [Fact]
    public void Create_WithPrevious_ComparesMetrics()
    {
        var previousMetrics = new Dictionary<string, double>(ReleaseFixtures.PassingMetrics) { ["r2"] = 0.9, ["mae"] = 4.5 };
        string previous = ReleaseFixtures.WriteVersion(registry, "v20241201_000000", metrics: previousMetrics);
        var proposal = ProposalBuilder.Create(Options() with { PreviousVersionDirectory = previous });
        string details = proposal.OffChainMetadata.Details;
        Assert.Contains("| r2 | 0.912 | 0.9 | +0.012 |", details, StringComparison.Ordinal);
        Assert.Contains("| mae | 4.25 | 4.5 | -0.25 |", details, StringComparison.Ordinal);
        Assert.Contains("trustscore proposal rollback --registry <registry> --to v20241201_000000", details, StringComparison.Ordinal);
        Assert.Equal("v20241201_000000", proposal.FromVersion);
    }

    [Fact]
    public void Create_TamperedModelFile_IsRefused()
    {
        File.AppendAllText(Path.Combine(versionDir, "model", "model.onnx"), "x");
        var ex = Assert.Throws<VerificationFailedException>(() => ProposalBuilder.Create(Options()));
        Assert.Contains("model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TamperedManifestRoot_IsRefused()
    {
        ReleaseFixtures.EditManifest(versionDir, m => m["digest"]!["root"] = "sha256:" + new string('0', 64));
        var ex = Assert.Throws<VerificationFailedException>(() => ProposalBuilder.Create(Options(url: "s3://bucket-name/models/" + Version + "/" + ReleaseFixtures.ArchiveName(Version))));
        Assert.Contains("root digest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ExtraFileInModel_IsRefused()
    {
        File.WriteAllText(Path.Combine(versionDir, "model", "extra.bin"), "smuggled");
        var ex = Assert.Throws<VerificationFailedException>(() => ProposalBuilder.Create(Options()));
        Assert.Contains("extra.bin", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FailedGates_IsRefusedWithGatesCode()
    {
        string failed = ReleaseFixtures.WriteVersion(temp.Combine("other"), Version, gatesPassed: false);
        var ex = Assert.Throws<GatesFailedException>(() => ProposalBuilder.Create(Options() with
        {
            ManifestPath = Path.Combine(failed, "manifest.json"),
            ModelUrl = Path.Combine(failed, ReleaseFixtures.ArchiveName(Version)),
        }));
        Assert.Equal(ExitCode.GatesFailed, ex.ExitCode);
        Assert.Contains("mae", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ArchiveDigestDiffers_IsRefused()
    {
        File.WriteAllText(ArchivePath, "a different archive");
        var ex = Assert.Throws<VerificationFailedException>(() => ProposalBuilder.Create(Options()));
        Assert.Contains("archive_digest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UrlPointingAtAnotherModelInTheRegistry_IsRefused()
    {
        // Same version name in another registry, holding different model bytes.
        string otherRegistry = temp.Combine("other-registry");
        string other = ReleaseFixtures.WriteVersion(otherRegistry, Version, name: "trust_score");
        File.AppendAllText(Path.Combine(other, "model", "model.onnx"), "other weights");
        ReleaseFixtures.EditManifest(other, m => m["digest"]!["root"] = "sha256:" + ReleaseFixtures.RootOf(Path.Combine(other, "model")));
        var ex = Assert.Throws<VerificationFailedException>(() => ProposalBuilder.Create(Options(url: "file://" + Path.Combine(other, ReleaseFixtures.ArchiveName(Version)))));
        Assert.Contains("root digest", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://virtengine-ml-models/models/trust_score/v20241201_000000/trust_score_v20241201_000000.tar.gz")] // another version
    [InlineData("s3://Bad_Bucket/v20250101_120000/trust_score_v20250101_120000.tar.gz")]
    [InlineData("ftp://host/v20250101_120000/trust_score_v20250101_120000.tar.gz")]
    public void Create_BadModelUrl_IsRefusedAsBadInput(string url)
    {
        var ex = Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options(url: url)));
        Assert.Contains("--model-url", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_S3UrlWithoutFetching_IsFormCheckedAndRecordedAsNotFetched()
    {
        string url = $"s3://virtengine-ml-models/models/trust_score/{Version}/{ReleaseFixtures.ArchiveName(Version)}";
        var proposal = ProposalBuilder.Create(Options(url: url) with { FetchS3Artifact = false });
        Assert.False(proposal.Artifact!.ContentVerified);
        Assert.Equal("s3", proposal.Artifact.Scheme);
        Assert.Contains("not fetched (--no-fetch)", proposal.Artifact.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"s3://virtengine-ml-models/models/trust_score/{Version}/proposal_metadata.json#sha256=", proposal.Metadata, StringComparison.Ordinal);

        var withEndpoint = ProposalBuilder.Create(Options(url: url) with { S3Endpoint = "http://127.0.0.1:9000", FetchS3Artifact = false });
        Assert.Contains("endpoint http://127.0.0.1:9000", withEndpoint.Artifact!.Detail, StringComparison.Ordinal);
        Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options(url: url) with { S3Endpoint = "ftp://x" }));
    }

    [Fact]
    public void Create_ManifestWithWrongTypes_IsBadInput_NotACrash()
    {
        ReleaseFixtures.EditManifest(versionDir, m => m["model"]!["version"] = 5);
        Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options()));
        ReleaseFixtures.EditManifest(versionDir, m => m["model"]!["version"] = Version);
        Assert.NotNull(ProposalBuilder.Create(Options()));
        ReleaseFixtures.EditManifest(versionDir, m => m["gates"]!["results"]![0]!["name"] = 1);
        var ex = Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options())); // the one manifest reader is strict everywhere
        Assert.Contains("gates.results[0].name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MetadataOf256Characters_IsRefusedNamingTheLimit_And255IsAccepted()
    {
        // metadata = <uri> + "#sha256=" + 64 hex, i.e. the URI plus 72 characters.
        string Uri(int total) => "https://example.org/" + new string('m', total - 72 - 20);
        var ex = Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options() with { MetadataUrl = Uri(256) }));
        Assert.Contains("256", ex.Message, StringComparison.Ordinal);
        Assert.Contains("limits.metadata", ex.Message, StringComparison.Ordinal);
        Assert.Contains("255", ex.Message, StringComparison.Ordinal);

        var ok = ProposalBuilder.Create(Options() with { MetadataUrl = Uri(255) });
        Assert.Equal(255, ok.Metadata.Length);
    }

    [Fact]
    public void Create_LongDetails_GoToTheOffChainFile_NotTheProposal()
    {
        var metrics = new Dictionary<string, double>(ReleaseFixtures.PassingMetrics);
        for (int i = 0; i < 400; i++)
        {
            metrics[$"slice_{i:D3}_mae"] = 4 + (i / 1000.0);
        }

        string big = ReleaseFixtures.WriteVersion(temp.Combine("big"), Version, metrics: metrics);
        var proposal = ProposalBuilder.Create(Options() with
        {
            ManifestPath = Path.Combine(big, "manifest.json"),
            ModelUrl = Path.Combine(big, ReleaseFixtures.ArchiveName(Version)),
        });
        Assert.True(proposal.OffChainMetadata.Details.Length > 10200);
        Assert.Contains("slice_399_mae", proposal.OffChainMetadata.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("slice_399_mae", ProposalJson.ToJson(proposal).ToJsonString(), StringComparison.Ordinal);
        Assert.True(proposal.Summary.Length <= 10200);
    }

    [Fact]
    public void Create_SummaryOverTheProfileLimit_IsRefusedNamingTheLimit()
    {
        var tight = ChainProfile.VirtEngineMainnet with { MaxSummaryLength = 100 };
        var ex = Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options(profile: tight)));
        Assert.Contains("limits.summary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Sdk047Profile_OmitsExpedited_AndUsesItsPrefixAndDenom()
    {
        var profile = ChainProfileLoader.Load(Path.Combine(ChainProfileTests.RepoRoot(), "configs", "chains", "cosmos-local-0.47.yaml"));
        var proposal = ProposalBuilder.Create(Options(profile: profile));
        var json = ProposalJson.ToJson(proposal);
        Assert.False(json.ContainsKey("expedited"));
        Assert.Equal("10000000stake", json["deposit"]!.GetValue<string>());
        Assert.Equal("cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn", ((MsgRegisterModel)proposal.Messages[0]).Authority);
        Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options(profile: profile) with { Expedited = true }));
    }

    [Theory]
    [InlineData("2500000000uvirt")]
    [InlineData("100uve")]
    public void Create_WrongDeposit_IsRefused(string deposit)
    {
        var ex = Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options() with { Deposit = deposit }));
        Assert.Contains("--deposit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateRollback_ActivatesTheOlderRegisteredDigest_WithReasonAndBothVersions()
    {
        string old = ReleaseFixtures.WriteVersion(registry, "v20241201_000000");
        var proposal = ProposalBuilder.CreateRollback(registry, "v20241201_000000", "Score drift after v20250101_120000", ChainProfile.VirtEngineMainnet);

        var activate = Assert.IsType<MsgActivateModel>(Assert.Single(proposal.Messages));
        Assert.Equal("trust_score-v20241201_000000", activate.ModelId);
        Assert.Equal(GovVirtEngine, activate.Authority);
        Assert.Equal(ProposalKind.Rollback, proposal.Kind);
        Assert.Equal(Version, proposal.FromVersion);
        Assert.Equal(KeeperHashOracle.Of(Path.Combine(old, "model")), proposal.Sha256Hash);
        Assert.Contains($"`{ReleaseFixtures.RootOf(Path.Combine(old, "model"))}`", proposal.OffChainMetadata.Details, StringComparison.Ordinal);
        string details = proposal.OffChainMetadata.Details;
        Assert.Contains("Score drift after v20250101_120000", details, StringComparison.Ordinal);
        Assert.Contains($"| from | {Version} |", details, StringComparison.Ordinal);
        Assert.Contains("| to | v20241201_000000 |", details, StringComparison.Ordinal);
        Assert.Contains("Score drift", proposal.Summary, StringComparison.Ordinal);
        ProposalValidator.Validate(ProposalJson.ToJson(proposal), ChainProfile.VirtEngineMainnet);
    }

    [Fact]
    public void Create_ProfileWithAnotherScoreRule_IsRefused_NamingBothRules()
    {
        var roundingChain = ChainProfile.VirtEngineMainnet with { ScoreRule = TrustScore.Consensus.Scoring.ScoreRule.RoundHalfUp };

        var ex = Assert.Throws<BadInputException>(() => ProposalBuilder.Create(Options(profile: roundingChain)));

        Assert.Contains("trustscore-score/1:truncate:0-100", ex.Message, StringComparison.Ordinal);
        Assert.Contains("trustscore-score/1:round-half-up:0-100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ManifestWithoutKeeperHash_IsRefused()
    {
        string manifestPath = Path.Combine(versionDir, "manifest.json");
        var node = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        node.Remove("keeper_hash");
        File.WriteAllText(manifestPath, node.ToJsonString());

        var ex = Assert.ThrowsAny<TrustScoreException>(() => ProposalBuilder.Create(Options()));

        Assert.Contains("keeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ModelChangedAfterExport_KeeperHashMismatch_IsRefused()
    {
        // A file the OpenSSF digest ignores but the node's keeper hashes: only the keeper check sees it.
        File.WriteAllText(Path.Combine(versionDir, "model", ".gitignore"), "*.tmp\n");

        var ex = Assert.Throws<VerificationFailedException>(() => ProposalBuilder.Create(Options()));

        Assert.Contains("keeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateRollback_ReplacesTheLastPublishedVersion_NotTheLastName()
    {
        // Published in the order constructor version, v9, v10: "v10" < "v9" < "v2…" as text.
        foreach (var (v, at) in new[] { ("v9", "2025-02-01T00:00:00.000Z"), ("v10", "2025-03-01T00:00:00.000Z") })
        {
            string metadataPath = Path.Combine(ReleaseFixtures.WriteVersion(registry, v), "metadata.json");
            var metadata = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(metadataPath))!.AsObject();
            metadata["published_at"] = at;
            File.WriteAllText(metadataPath, metadata.ToJsonString());
        }

        var proposal = ProposalBuilder.CreateRollback(registry, "v9", "drift after v10", ChainProfile.VirtEngineMainnet);

        Assert.Equal("v10", proposal.FromVersion);
    }

    [Fact]
    public void CreateRollback_TamperedTarget_IsRefused()
    {
        string old = ReleaseFixtures.WriteVersion(registry, "v20241201_000000");
        File.AppendAllText(Path.Combine(old, "model", "conformance.json"), " ");
        Assert.Throws<VerificationFailedException>(() => ProposalBuilder.CreateRollback(registry, "v20241201_000000", "drift", ChainProfile.VirtEngineMainnet));
    }

    [Fact]
    public void CreateRollback_UnknownVersionOrEmptyReason_IsRefused()
    {
        Assert.Throws<BadInputException>(() => ProposalBuilder.CreateRollback(registry, "v19990101_000000", "drift", ChainProfile.VirtEngineMainnet));
        Assert.Throws<BadInputException>(() => ProposalBuilder.CreateRollback(registry, Version, "  ", ChainProfile.VirtEngineMainnet));
    }

    [Fact]
    public void CreateRollback_IncompleteVersion_IsNotATargetOrASource()
    {
        string old = ReleaseFixtures.WriteVersion(registry, "v20241201_000000");
        string half = ReleaseFixtures.WriteVersion(registry, "v20991231_000000");
        File.Delete(Path.Combine(half, "metadata.json"));

        var proposal = ProposalBuilder.CreateRollback(registry, "v20241201_000000", "drift", ChainProfile.VirtEngineMainnet);
        Assert.Equal(Version, proposal.FromVersion);

        File.Delete(Path.Combine(old, "metadata.json"));
        var ex = Assert.Throws<BadInputException>(() => ProposalBuilder.CreateRollback(registry, "v20241201_000000", "drift", ChainProfile.VirtEngineMainnet));
        Assert.Contains("metadata.json", ex.Message, StringComparison.Ordinal);
    }
}
