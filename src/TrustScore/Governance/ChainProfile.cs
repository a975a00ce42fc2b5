namespace TrustScore.Governance;

/// <summary>
/// The parameters of one chain that a governance proposal depends on (runbook §4; FORMATS.md §6):
/// where to send it, how addresses are spelled, what the deposit and fees are paid in, which SDK
/// version's proposal file to write, and the chain's length limits. Loaded from
/// <c>configs/chains/&lt;name&gt;.yaml</c> by <see cref="ChainProfileLoader"/>, which validates
/// every field; <see cref="VirtEngineMainnet"/> is the built-in default.
/// </summary>
public sealed record ChainProfile
{
    /// <summary>Profile name (the file name without <c>.yaml</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The chain id passed as <c>--chain-id</c>.</summary>
    public required string ChainId { get; init; }

    /// <summary>Bech32 prefix of account addresses (<c>virtengine</c>).</summary>
    public required string AccountPrefix { get; init; }

    /// <summary>Staking / fee denom (<c>uve</c>).</summary>
    public required string BondDenom { get; init; }

    /// <summary>The gov module's minimum deposit; the default proposal deposit.</summary>
    public required Coin MinDeposit { get; init; }

    /// <summary>Cosmos SDK version as major.minor (0.47 has <c>summary</c>; 0.50+ adds <c>expedited</c>).</summary>
    public required Version SdkVersion { get; init; }

    /// <summary>Name of the gov module account (<c>gov</c>); the authority is derived from it.</summary>
    public string GovModuleName { get; init; } = "gov";

    /// <summary>Maximum characters of a proposal's <c>metadata</c> (gov param max_metadata_len).</summary>
    public required int MaxMetadataLength { get; init; }

    /// <summary>Maximum characters of a proposal's <c>title</c>.</summary>
    public required int MaxTitleLength { get; init; }

    /// <summary>Maximum characters of a proposal's <c>summary</c>.</summary>
    public required int MaxSummaryLength { get; init; }

    /// <summary><c>--gas</c>: <c>auto</c> or a fixed limit.</summary>
    public required string Gas { get; init; }

    /// <summary><c>--gas-adjustment</c> (used with <c>auto</c> gas).</summary>
    public required double GasAdjustment { get; init; }

    /// <summary><c>--fees</c> for each transaction.</summary>
    public required Coin Fees { get; init; }

    /// <summary>Name of the chain's CLI binary looked up on PATH (<c>virtengine</c>).</summary>
    public required string CliBinary { get; init; }

    /// <summary>RPC endpoint for <c>--node</c>, or null to use the CLI's own configuration.</summary>
    public string? Node { get; init; }

    /// <summary>The chain's decision thresholds on the integer score, lowest first (<c>score_thresholds</c>).</summary>
    public IReadOnlyList<ScoreThreshold> ScoreThresholds { get; init; } = ScoreThreshold.VirtEngineDefaults;

    /// <summary>
    /// The model hash recipe the chain's keeper compares with <c>sha256_hash</c> before it scores
    /// (docs/formats.md §1b); proposals put this recipe's value on chain. Only <c>virtengine-keeper/1</c> exists.
    /// </summary>
    public required string KeeperHashRecipe { get; init; }

    /// <summary>The integer score rule the chain's validators record (docs/numerics.md §8); a proposal's model must seal it.</summary>
    public required Consensus.Scoring.ScoreRule ScoreRule { get; init; }

    /// <summary>Discussion forum URL recorded in the off-chain metadata; may be empty.</summary>
    public string ForumUrl { get; init; } = string.Empty;

    /// <summary>The gov module address for this chain, derived (never typed): bech32(prefix, SHA-256(module)[..20]).</summary>
    public string GovAuthority => ModuleAddress.Bech32Address(AccountPrefix, GovModuleName);

    /// <summary>Whether the proposal file carries <c>expedited</c> (Cosmos SDK 0.50 and later).</summary>
    public bool EmitsExpedited => SdkVersion >= new Version(0, 50);

    /// <summary>
    /// VirtEngine mainnet (upstream-and-anchors.md §E): chain id <c>virtengine-1</c>, prefix
    /// <c>virtengine</c>, denom <c>uve</c>, minimum deposit 2500000000uve, Cosmos SDK 0.53,
    /// SDK default limits (metadata 255, title 255, summary 10200); keeper recipe
    /// <c>virtengine-keeper/1</c> and the node's truncating score rule.
    /// <c>configs/chains/virtengine-mainnet.yaml</c> holds the same values.
    /// </summary>
    public static ChainProfile VirtEngineMainnet { get; } = new()
    {
        Name = "virtengine-mainnet",
        ChainId = "virtengine-1",
        AccountPrefix = "virtengine",
        BondDenom = "uve",
        MinDeposit = new Coin(2_500_000_000, "uve"),
        SdkVersion = new Version(0, 53),
        MaxMetadataLength = 255,
        MaxTitleLength = 255,
        MaxSummaryLength = 10200,
        Gas = "auto",
        GasAdjustment = 1.5,
        Fees = new Coin(5000, "uve"),
        CliBinary = "virtengine",
        KeeperHashRecipe = Consensus.Digest.KeeperModelHash.RecipeName,
        ScoreRule = Consensus.Scoring.ScoreRule.Truncate,
    };
}
