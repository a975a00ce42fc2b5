using TrustScore.Errors;
using TrustScore.Governance;

namespace TrustScore.Tests.Governance;

public class ChainProfileTests
{
    private const string ValidYaml = """
        name: test-chain
        chain_id: test-1
        bech32_account_prefix: ve
        bond_denom: uve
        min_deposit: 1000uve
        sdk_version: "0.50"
        keeper_hash_recipe: virtengine-keeper/1
        score_rule: truncate
        limits:
          metadata: 255
          title: 255
          summary: 10200
        tx:
          gas: auto
          gas_adjustment: 1.3
          fees: 10uve
        cli:
          binary: virtengine
        """;

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrustScore.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void MainnetProfileFile_EqualsBuiltInDefault_AndMatchesReferenceValues()
    {
        var loaded = ChainProfileLoader.Load(Path.Combine(RepoRoot(), "configs", "chains", "virtengine-mainnet.yaml"));
        Assert.Equal(ChainProfile.VirtEngineMainnet, loaded);
        Assert.Equal("virtengine-1", loaded.ChainId);
        Assert.Equal("2500000000uve", loaded.MinDeposit.ToString());
        Assert.Equal(255, loaded.MaxMetadataLength);
        Assert.Equal("virtengine10d07y265gmmuvt4z0w9aw880jnsr700juej5a8", loaded.GovAuthority);
        Assert.Equal("virtengine-keeper/1", loaded.KeeperHashRecipe);
        Assert.Equal("trustscore-score/1:truncate:0-100", loaded.ScoreRule.Id);
        Assert.True(loaded.EmitsExpedited);
    }

    [Fact]
    public void EveryShippedProfile_LoadsAndDerivesAValidAuthority()
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot(), "configs", "chains"), "*.yaml");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var profile = ChainProfileLoader.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), profile.Name);
            Assert.Equal(profile.AccountPrefix, Bech32.Decode(profile.GovAuthority).Hrp);
        }
    }

    [Fact]
    public void Resolve_ByName_FindsConfigsChainsFromASubdirectory()
    {
        var profile = ChainProfileLoader.Resolve("cosmos-local-0.47", Path.Combine(RepoRoot(), "src"));
        Assert.Equal("cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn", profile.GovAuthority);
        Assert.False(profile.EmitsExpedited);
        Assert.Equal("tcp://127.0.0.1:26657", profile.Node);
    }

    [Fact]
    public void Resolve_DefaultWithNoConfigFolder_UsesBuiltInMainnet()
    {
        Assert.Same(ChainProfile.VirtEngineMainnet, ChainProfileLoader.Resolve(null, Path.GetTempPath()));
        Assert.Throws<BadInputException>(() => ChainProfileLoader.Resolve("no-such-chain", Path.GetTempPath()));
    }

    [Fact]
    public void Parse_ValidYaml_ReadsEveryField()
    {
        var p = ChainProfileLoader.Parse(ValidYaml, "test.yaml");
        Assert.Equal("ve10d07y265gmmuvt4z0w9aw880jnsr700jxlg3em", p.GovAuthority);
        Assert.Equal(1.3, p.GasAdjustment);
        Assert.Equal("10uve", p.Fees.ToString());
        Assert.Equal(new Version(0, 50), p.SdkVersion);
        Assert.Null(p.Node);
    }

    [Theory]
    [InlineData("fees: 10uve", "fees: 5000uvirt", "tx.fees")] // upstream's wrong denom
    [InlineData("min_deposit: 1000uve", "min_deposit: 0uve", "min_deposit")]
    [InlineData("sdk_version: \"0.50\"", "sdk_version: \"0.46\"", "sdk_version")]
    [InlineData("bech32_account_prefix: ve", "bech32_account_prefix: VE", "bech32_account_prefix")]
    [InlineData("  metadata: 255", "  metadata: -1", "limits.metadata")]
    [InlineData("  gas: auto", "  gas: lots", "tx.gas")]
    [InlineData("chain_id: test-1", "chain_id: test-1\nchain_idd: typo", "chain_idd")]
    [InlineData("chain_id: test-1\n", "", "chain_id")]
    [InlineData("keeper_hash_recipe: virtengine-keeper/1\n", "", "keeper_hash_recipe")]
    [InlineData("keeper_hash_recipe: virtengine-keeper/1", "keeper_hash_recipe: openssf-files/1", "keeper_hash_recipe")]
    [InlineData("score_rule: truncate\n", "", "score_rule")]
    [InlineData("score_rule: truncate", "score_rule: round-half-even", "score_rule")]
    public void Parse_InvalidField_IsRefusedNamingTheField(string from, string to, string field)
    {
        string yaml = ValidYaml.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(ValidYaml, yaml);
        var ex = Assert.Throws<BadInputException>(() => ChainProfileLoader.Parse(yaml, "test.yaml"));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StatedAuthorityWithBadChecksum_IsRefusedWithItsLine()
    {
        string yaml = ValidYaml.Replace("bech32_account_prefix: ve", "bech32_account_prefix: virtengine", StringComparison.Ordinal)
            + "\ngov_authority: virtengine10d07y265gmmuvt4z0w9aw880jnsr700jdufnyd\n";
        var ex = Assert.Throws<BadInputException>(() => ChainProfileLoader.Parse(yaml, "test.yaml"));
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
        Assert.Contains("test.yaml:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StatedAuthorityOfAnotherModule_IsRefused()
    {
        string distribution = ModuleAddress.Bech32Address("ve", "distribution");
        var ex = Assert.Throws<BadInputException>(() => ChainProfileLoader.Parse(ValidYaml + $"\ngov_authority: {distribution}\n", "test.yaml"));
        Assert.Contains("gov_authority", ex.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void ScoreThresholds_DefaultToVirtEnginesAndParseLowestFirst()
    {
        Assert.Equal([("basic", 50), ("standard", 70), ("premium", 85)], ChainProfileLoader.Parse(ValidYaml, "test.yaml").ScoreThresholds.Select(t => (t.Name, t.MinScore)));

        var p = ChainProfileLoader.Parse(ValidYaml + "\nscore_thresholds:\n  high_trust: 80\n  pass: 50\n", "test.yaml");

        Assert.Equal([("pass", 50), ("high_trust", 80)], p.ScoreThresholds.Select(t => (t.Name, t.MinScore)));
    }

    [Theory]
    [InlineData("score_thresholds:\n  pass: 101\n", "score_thresholds.pass")]
    [InlineData("score_thresholds:\n  pass: -1\n", "score_thresholds.pass")]
    [InlineData("score_thresholds: 50\n", "score_thresholds")]
    public void ScoreThresholds_OutOfRange_AreRefusedNamingTheKey(string yaml, string key)
    {
        var ex = Assert.Throws<BadInputException>(() => ChainProfileLoader.Parse(ValidYaml + "\n" + yaml, "test.yaml"));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }
}
