using System.Globalization;
using System.Text.RegularExpressions;
using TrustScore.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Version = System.Version;

namespace TrustScore.Governance;

/// <summary>
/// Loads and validates chain profiles (<c>configs/chains/*.yaml</c>). Every field is checked once,
/// here, and an error names the file, the field and its line, the way the training config is
/// validated. Unknown fields are errors too, so a typo cannot silently fall back to a default.
/// </summary>
public static partial class ChainProfileLoader
{
    /// <summary>The profile used when <c>--chain</c> is not given.</summary>
    public const string DefaultProfileName = "virtengine-mainnet";

    private static readonly string[] TopLevelKeys =
        ["name", "chain_id", "bech32_account_prefix", "bond_denom", "min_deposit", "sdk_version", "gov_module", "gov_authority", "limits", "tx", "cli", "forum_url", "score_thresholds", "keeper_hash_recipe", "score_rule"];

    private static readonly string[] LimitKeys = ["metadata", "title", "summary"];
    private static readonly string[] TxKeys = ["gas", "gas_adjustment", "fees"];
    private static readonly string[] CliKeys = ["binary", "node"];

    /// <summary>
    /// Resolves <paramref name="nameOrPath"/>: an existing <c>.yaml</c> file, or a profile name looked
    /// up as <c>configs/chains/&lt;name&gt;.yaml</c> in the current directory and its parents. With no
    /// argument (or the default name and no file found) the built-in VirtEngine mainnet profile is used.
    /// </summary>
    /// <exception cref="BadInputException">The profile is missing or invalid.</exception>
    public static ChainProfile Resolve(string? nameOrPath, string? startDirectory = null)
    {
        string name = string.IsNullOrWhiteSpace(nameOrPath) ? DefaultProfileName : nameOrPath;
        if (File.Exists(name))
        {
            return Load(name);
        }

        if (name.Contains('/', StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal))
        {
            throw new BadInputException($"chain profile file '{name}' does not exist.");
        }

        for (var dir = new DirectoryInfo(startDirectory ?? Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "configs", "chains", name + ".yaml");
            if (File.Exists(candidate))
            {
                return Load(candidate);
            }
        }

        if (name == DefaultProfileName)
        {
            return ChainProfile.VirtEngineMainnet;
        }

        throw new BadInputException($"chain profile '{name}' was not found as configs/chains/{name}.yaml (pass --chain with a profile name or a .yaml path).");
    }

    /// <summary>Loads and validates the profile file at <paramref name="path"/>.</summary>
    /// <exception cref="BadInputException">The file is not valid YAML or a field is missing or invalid.</exception>
    public static ChainProfile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"chain profile '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates profile YAML; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="BadInputException">The YAML is invalid or a field is missing or invalid.</exception>
    public static ChainProfile Parse(string yaml, string source)
    {
        YamlStream stream;
        try
        {
            stream = Config.StrictYaml.Load(yaml);
        }
        catch (YamlException ex)
        {
            throw new BadInputException($"{source}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports some structural errors without a position.
            throw new BadInputException($"{source}: invalid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new BadInputException($"{source}: a chain profile must be one YAML mapping.");
        }

        var reader = new Reader(source);
        reader.RejectUnknown(root, TopLevelKeys, string.Empty);
        var limits = reader.Mapping(root, "limits");
        var tx = reader.Mapping(root, "tx");
        var cli = reader.Mapping(root, "cli");
        reader.RejectUnknown(limits, LimitKeys, "limits.");
        reader.RejectUnknown(tx, TxKeys, "tx.");
        reader.RejectUnknown(cli, CliKeys, "cli.");

        string name = reader.Text(root, "name", NamePattern(), "letters, digits, '.', '_' or '-'");
        string chainId = reader.Text(root, "chain_id", NamePattern(), "letters, digits, '.', '_' or '-'");
        string prefix = reader.Text(root, "bech32_account_prefix", PrefixPattern(), "1 to 83 lower-case letters or digits");
        string bondDenom = reader.Text(root, "bond_denom", DenomPattern(), "a Cosmos denom such as uve");
        var minDeposit = reader.CoinOf(root, "min_deposit", bondDenom, positive: true);
        var sdk = reader.SdkVersion(root, "sdk_version");
        string module = reader.OptionalText(root, "gov_module") ?? "gov";
        int maxMetadata = reader.PositiveInt(limits, "metadata", "limits.");
        int maxTitle = reader.PositiveInt(limits, "title", "limits.");
        int maxSummary = reader.PositiveInt(limits, "summary", "limits.");
        string gas = reader.Text(tx, "gas", GasPattern(), "'auto' or a positive integer", "tx.");
        double adjustment = reader.PositiveDouble(tx, "gas_adjustment", "tx.");
        var fees = reader.CoinOf(tx, "fees", bondDenom, positive: false, "tx.");
        string binary = reader.Text(cli, "binary", BinaryPattern(), "a program name without a path", "cli.");
        string? node = reader.OptionalText(cli, "node");
        string forum = reader.OptionalText(root, "forum_url") ?? string.Empty;
        IReadOnlyList<ScoreThreshold> thresholds = reader.Thresholds(root, "score_thresholds") ?? ScoreThreshold.VirtEngineDefaults;
        if (thresholds.SequenceEqual(ScoreThreshold.VirtEngineDefaults))
        {
            // The shared instance, so that profiles (records) with the same values compare equal.
            thresholds = ScoreThreshold.VirtEngineDefaults;
        }

        string recipe = reader.OptionalText(root, "keeper_hash_recipe")
            ?? throw new BadInputException($"{source}: keeper_hash_recipe is missing; name the model hash recipe the chain's keeper uses ({Consensus.Digest.KeeperModelHash.RecipeName} for VirtEngine).");
        if (recipe != Consensus.Digest.KeeperModelHash.RecipeName)
        {
            throw new BadInputException($"{source}:{reader.LineOf(root, "keeper_hash_recipe")}: keeper_hash_recipe '{recipe}' is not a known keeper recipe (known: {Consensus.Digest.KeeperModelHash.RecipeName}).");
        }

        string ruleName = reader.OptionalText(root, "score_rule")
            ?? throw new BadInputException($"{source}: score_rule is missing; name the integer score rule the chain's validators record (truncate or round-half-up).");
        var rule = Consensus.Scoring.ScoreRule.Find(ruleName)
            ?? throw new BadInputException($"{source}:{reader.LineOf(root, "score_rule")}: score_rule '{ruleName}' is not truncate or round-half-up.");

        var profile = new ChainProfile
        {
            Name = name,
            ChainId = chainId,
            AccountPrefix = prefix,
            BondDenom = bondDenom,
            MinDeposit = minDeposit,
            SdkVersion = sdk,
            GovModuleName = module,
            MaxMetadataLength = maxMetadata,
            MaxTitleLength = maxTitle,
            MaxSummaryLength = maxSummary,
            Gas = gas,
            GasAdjustment = adjustment,
            Fees = fees,
            CliBinary = binary,
            Node = string.IsNullOrEmpty(node) ? null : node,
            ForumUrl = forum,
            ScoreThresholds = thresholds,
            KeeperHashRecipe = recipe,
            ScoreRule = rule,
        };

        // An optional written-down authority is only a cross-check of the derived one.
        if (reader.OptionalText(root, "gov_authority") is { Length: > 0 } stated)
        {
            int line = reader.LineOf(root, "gov_authority");
            try
            {
                Bech32.DecodeWithPrefix(stated, prefix);
            }
            catch (BadInputException ex)
            {
                throw new BadInputException($"{source}:{line}: gov_authority: {ex.Message}", ex);
            }

            if (!string.Equals(stated, profile.GovAuthority, StringComparison.Ordinal))
            {
                throw new BadInputException($"{source}:{line}: gov_authority '{stated}' is not the '{module}' module address for prefix '{prefix}' ({profile.GovAuthority}).");
            }
        }

        return profile;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9]{1,83}$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$")]
    private static partial Regex DenomPattern();

    [GeneratedRegex("^(auto|[1-9][0-9]{0,18})$")]
    private static partial Regex GasPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex BinaryPattern();

    [GeneratedRegex("^0\\.([0-9]{2})$")]
    private static partial Regex SdkPattern();

    private sealed class Reader(string source)
    {
        public void RejectUnknown(YamlMappingNode map, string[] known, string path)
        {
            foreach (var (key, _) in map.Children)
            {
                string k = ((YamlScalarNode)key).Value ?? string.Empty;
                if (!known.Contains(k, StringComparer.Ordinal))
                {
                    throw new BadInputException($"{source}:{key.Start.Line}: unknown field '{path}{k}' (known: {string.Join(", ", known)}).");
                }
            }
        }

        public YamlMappingNode Mapping(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                throw new BadInputException($"{source}: required field '{key}' is missing.");
            }

            return node as YamlMappingNode
                ?? throw new BadInputException($"{source}:{node.Start.Line}: '{key}' must be a mapping.");
        }

        public int LineOf(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (int)node.Start.Line : 0;

        public string? OptionalText(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return null;
            }

            return node is YamlScalarNode scalar
                ? scalar.Value ?? string.Empty
                : throw new BadInputException($"{source}:{node.Start.Line}: '{key}' must be a single value.");
        }

        public string Text(YamlMappingNode map, string key, Regex pattern, string expected, string path = "")
        {
            string? value = OptionalText(map, key)
                ?? throw new BadInputException($"{source}: required field '{path}{key}' is missing.");
            if (!pattern.IsMatch(value))
            {
                throw new BadInputException($"{source}:{LineOf(map, key)}: '{path}{key}' is '{value}'; expected {expected}.");
            }

            return value;
        }

        public IReadOnlyList<ScoreThreshold>? Thresholds(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return null;
            }

            if (node is not YamlMappingNode thresholds || thresholds.Children.Count == 0)
            {
                throw new BadInputException($"{source}:{node.Start.Line}: '{key}' must be a mapping of names to integer scores 0-100, e.g. {{basic: 50, standard: 70}}.");
            }

            var result = new List<ScoreThreshold>();
            foreach (var (name, _) in thresholds.Children)
            {
                string n = ((YamlScalarNode)name).Value ?? string.Empty;
                if (!NamePattern().IsMatch(n))
                {
                    throw new BadInputException($"{source}:{name.Start.Line}: '{key}' name '{n}' must be letters, digits, '.', '_' or '-'.");
                }

                string value = Text(thresholds, n, ScoreText(), "an integer score from 0 to 100", key + ".");
                int score = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                if (score > 100)
                {
                    throw new BadInputException($"{source}:{LineOf(thresholds, n)}: '{key}.{n}' is {score}; expected an integer score from 0 to 100.");
                }

                result.Add(new ScoreThreshold(n, score));
            }

            return [.. result.OrderBy(t => t.MinScore).ThenBy(t => t.Name, StringComparer.Ordinal)];
        }

        public Coin CoinOf(YamlMappingNode map, string key, string bondDenom, bool positive, string path = "")
        {
            string value = Text(map, key, CoinText(), "a coin such as 2500000000uve", path);
            var coin = Coin.Parse(value, $"{path}{key}");
            if (coin.Denom != bondDenom)
            {
                throw new BadInputException($"{source}:{LineOf(map, key)}: '{path}{key}' is in '{coin.Denom}' but bond_denom is '{bondDenom}'.");
            }

            if (positive && coin.Amount <= 0)
            {
                throw new BadInputException($"{source}:{LineOf(map, key)}: '{path}{key}' must be greater than zero.");
            }

            return coin;
        }

        public Version SdkVersion(YamlMappingNode map, string key)
        {
            string value = Text(map, key, SdkPattern(), "a Cosmos SDK version such as \"0.50\" (quoted)");
            var version = new Version(0, int.Parse(value[2..], CultureInfo.InvariantCulture));
            if (version < new Version(0, 47))
            {
                throw new BadInputException($"{source}:{LineOf(map, key)}: sdk_version {value} is not supported; gov v1 proposal files with 'summary' need 0.47 or later.");
            }

            return version;
        }

        public int PositiveInt(YamlMappingNode map, string key, string path)
        {
            string value = Text(map, key, PositiveIntText(), "a positive integer", path);
            return int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        public double PositiveDouble(YamlMappingNode map, string key, string path)
        {
            string value = Text(map, key, DecimalText(), "a positive number such as 1.5", path);
            double d = double.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (!(d > 0) || double.IsInfinity(d))
            {
                throw new BadInputException($"{source}:{LineOf(map, key)}: '{path}{key}' must be greater than zero.");
            }

            return d;
        }
    }

    [GeneratedRegex("^[0-9]{1,3}$")]
    private static partial Regex ScoreText();

    [GeneratedRegex("^[0-9]+[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$")]
    private static partial Regex CoinText();

    [GeneratedRegex("^[1-9][0-9]{0,8}$")]
    private static partial Regex PositiveIntText();

    [GeneratedRegex("^[0-9]{1,6}(\\.[0-9]{1,6})?$")]
    private static partial Regex DecimalText();
}
