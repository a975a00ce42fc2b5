using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Signing;

/// <summary>
/// <c>manifest.json</c> of a version directory (docs/formats.md §2–3; runbook §1.4 and §8): what the
/// model is, its digest and files, how it was made and how it scored. Written as canonical JSON
/// (<see cref="CanonicalJson"/>), signed through <c>model.sig</c>, documented field by field in
/// docs/formats.md. Timestamps do not belong here (they live in <c>export_metadata.json</c>).
/// </summary>
public sealed partial record Manifest
{
    /// <summary>The value of <c>schema</c>.</summary>
    public const string SchemaV1 = "trustscore.manifest/v1";

    /// <summary>The value of <c>model.type</c>.</summary>
    public const string ModelType = "trust_score";

    /// <summary>The metrics every manifest carries.</summary>
    public static IReadOnlyList<string> RequiredMetrics { get; } = ["mae", "r2", "rmse"];

    /// <summary><c>schema</c>: <see cref="SchemaV1"/>.</summary>
    public string Schema { get; init; } = SchemaV1;

    /// <summary><c>model</c>.</summary>
    public required ManifestModel Model { get; init; }

    /// <summary><c>digest</c>.</summary>
    public required ManifestDigest Digest { get; init; }

    /// <summary><c>keeper_hash</c>: the chain's model hash of <c>model/</c>; null only when reading a manifest written before it existed (then invalid).</summary>
    public ManifestKeeperHash? KeeperHash { get; init; }

    /// <summary><c>files</c>: every file of <c>model/</c> in canonical order: <c>name</c>, <c>sha256</c>, <c>size</c>.</summary>
    public required IReadOnlyList<FileDigestEntry> Files { get; init; }

    /// <summary><c>io</c>.</summary>
    public ManifestIo Io { get; init; } = ManifestIo.TrustScore;

    /// <summary><c>feature_schema</c>: version and SHA-256 of <c>model/feature_schema.json</c>.</summary>
    public required VersionedDigest FeatureSchema { get; init; }

    /// <summary><c>config</c>: version and SHA-256 of the training config.</summary>
    public required VersionedDigest Config { get; init; }

    /// <summary><c>dataset</c>.</summary>
    public required ManifestDataset Dataset { get; init; }

    /// <summary><c>training</c>: training parameters (seed, epochs, learning rate, …), free-form JSON values.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Training { get; init; }

    /// <summary><c>numerics</c>.</summary>
    public required ManifestNumerics Numerics { get; init; }

    /// <summary><c>metrics</c>: evaluation metrics on the test split; at least <c>r2</c>, <c>mae</c>, <c>rmse</c>.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary><c>gates</c>.</summary>
    public required ManifestGates Gates { get; init; }

    /// <summary><c>toolchain</c>: runtime, library versions and CPU ISA used, free-form JSON values.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Toolchain { get; init; }

    /// <summary><c>previous</c>: the preceding version, or null (written as JSON null).</summary>
    public ManifestPrevious? Previous { get; init; }

    /// <summary>The manifest as a JSON tree (keys as documented in docs/formats.md).</summary>
    public JsonObject ToJsonNode()
    {
        var files = new JsonArray();
        foreach (FileDigestEntry f in Files)
        {
            files.Add(new JsonObject { ["name"] = f.Name, ["sha256"] = f.Sha256, ["size"] = f.Size });
        }

        var gates = new JsonArray();
        foreach (ManifestGateResult g in Gates.Results)
        {
            gates.Add(new JsonObject
            {
                ["name"] = g.Name,
                ["value"] = g.Value,
                ["threshold"] = g.Threshold,
                ["comparison"] = g.Comparison,
                ["margin"] = g.Margin,
                ["passed"] = g.Passed,
            });
        }

        var metrics = new JsonObject();
        foreach ((string key, double value) in Metrics)
        {
            metrics[key] = value;
        }

        var node = new JsonObject
        {
            ["schema"] = Schema,
            ["model"] = new JsonObject { ["name"] = Model.Name, ["version"] = Model.Version, ["type"] = Model.Type },
            ["digest"] = new JsonObject
            {
                ["algorithm"] = Digest.Algorithm,
                ["method"] = Digest.Method,
                ["root"] = Digest.Root,
                ["ignore_paths"] = new JsonArray([.. Digest.IgnorePaths.Select(p => (JsonNode?)p)]),
            },
            ["files"] = files,
            ["io"] = new JsonObject { ["input"] = Tensor(Io.Input), ["output"] = Tensor(Io.Output) },
            ["feature_schema"] = new JsonObject { ["version"] = FeatureSchema.Version, ["sha256"] = FeatureSchema.Sha256 },
            ["config"] = new JsonObject { ["version"] = Config.Version, ["sha256"] = Config.Sha256 },
            ["dataset"] = new JsonObject
            {
                ["version"] = Dataset.Version,
                ["sha256"] = Dataset.Sha256,
                ["split_commitment"] = Dataset.SplitCommitment,
                ["salt_commitment"] = Dataset.SaltCommitment,
            },
            ["training"] = FreeForm(Training),
            ["numerics"] = Numerics.ScoreRule is null
                ? new JsonObject { ["contract"] = Numerics.Contract }
                : new JsonObject { ["contract"] = Numerics.Contract, ["score_rule"] = Numerics.ScoreRule },
            ["metrics"] = metrics,
            ["gates"] = new JsonObject { ["passed"] = Gates.Passed, ["results"] = gates },
            ["toolchain"] = FreeForm(Toolchain),
            ["previous"] = Previous is null ? null : new JsonObject { ["version"] = Previous.Version, ["root"] = Previous.Root },
        };
        if (KeeperHash is not null)
        {
            node["keeper_hash"] = new JsonObject { ["recipe"] = KeeperHash.Recipe, ["hash"] = KeeperHash.Hash };
        }

        return node;
    }

    /// <summary>The canonical bytes written to <c>manifest.json</c>.</summary>
    public byte[] ToCanonicalBytes() => CanonicalJson.ToUtf8Bytes(ToJsonNode());

    /// <summary>Validates, then writes <paramref name="path"/> atomically.</summary>
    /// <exception cref="BadInputException">The manifest is not valid; the message lists the problems.</exception>
    public void Write(string path)
    {
        IReadOnlyList<string> problems = Validate();
        if (problems.Count > 0)
        {
            throw new BadInputException($"Manifest for '{path}' is invalid: {string.Join("; ", problems)}.");
        }

        AtomicFile.WriteAllBytes(path, ToCanonicalBytes());
    }

    /// <summary>Reads and parses <paramref name="path"/> (no validation beyond types).</summary>
    /// <exception cref="BadInputException">Missing, unreadable, not JSON, or a field has the wrong type.</exception>
    public static Manifest Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"Cannot read manifest '{path}': {ex.Message}", ex);
        }

        try
        {
            return Parse(bytes);
        }
        catch (FormatException ex)
        {
            throw new BadInputException($"Manifest '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Parses manifest JSON.</summary>
    /// <exception cref="FormatException">Not JSON, or a field is missing or has the wrong type; the message names the field.</exception>
    public static Manifest Parse(ReadOnlySpan<byte> utf8)
    {
        JsonObject root = JsonFields.Object(JsonFields.ParseDocument(utf8, "The manifest"), "manifest");
        JsonObject model = JsonFields.Object(root, "model", string.Empty);
        JsonObject digest = JsonFields.Object(root, "digest", string.Empty);
        var ignore = new List<string>();
        if (digest.TryGetPropertyValue("ignore_paths", out JsonNode? ignoreNode) && ignoreNode is not null)
        {
            JsonArray array = JsonFields.Array(ignoreNode, "digest.ignore_paths");
            for (int i = 0; i < array.Count; i++)
            {
                ignore.Add(JsonFields.String(array[i], $"digest.ignore_paths[{i}]"));
            }
        }

        JsonArray fileArray = JsonFields.Array(root, "files", string.Empty);
        var files = new List<FileDigestEntry>(fileArray.Count);
        for (int i = 0; i < fileArray.Count; i++)
        {
            string at = $"files[{i}]";
            JsonObject f = JsonFields.Object(fileArray[i], at);
            files.Add(new FileDigestEntry(JsonFields.String(f, "name", at), JsonFields.String(f, "sha256", at), JsonFields.Integer(f, "size", at)));
        }

        JsonObject io = JsonFields.Object(root, "io", string.Empty);
        JsonObject featureSchema = JsonFields.Object(root, "feature_schema", string.Empty);
        JsonObject config = JsonFields.Object(root, "config", string.Empty);
        JsonObject dataset = JsonFields.Object(root, "dataset", string.Empty);
        JsonObject gates = JsonFields.Object(root, "gates", string.Empty);
        JsonArray gateArray = JsonFields.Array(gates, "results", "gates");
        var results = new List<ManifestGateResult>(gateArray.Count);
        for (int i = 0; i < gateArray.Count; i++)
        {
            string at = $"gates.results[{i}]";
            JsonObject g = JsonFields.Object(gateArray[i], at);
            results.Add(new ManifestGateResult(
                JsonFields.String(g, "name", at),
                JsonFields.Number(g, "value", at),
                JsonFields.Number(g, "threshold", at),
                JsonFields.String(g, "comparison", at),
                JsonFields.Number(g, "margin", at),
                JsonFields.Boolean(g, "passed", at)));
        }

        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach ((string key, JsonNode? value) in JsonFields.Object(root, "metrics", string.Empty))
        {
            metrics[key] = JsonFields.Number(value, "metrics." + key);
        }

        ManifestPrevious? previous = null;
        if (root.TryGetPropertyValue("previous", out JsonNode? previousNode) && previousNode is not null)
        {
            JsonObject p = JsonFields.Object(previousNode, "previous");
            previous = new ManifestPrevious(JsonFields.String(p, "version", "previous"), JsonFields.String(p, "root", "previous"));
        }

        ManifestKeeperHash? keeperHash = null;
        if (root.TryGetPropertyValue("keeper_hash", out JsonNode? keeperNode) && keeperNode is not null)
        {
            JsonObject k = JsonFields.Object(keeperNode, "keeper_hash");
            keeperHash = new ManifestKeeperHash(JsonFields.String(k, "recipe", "keeper_hash"), JsonFields.String(k, "hash", "keeper_hash"));
        }

        JsonObject numerics = JsonFields.Object(root, "numerics", string.Empty);
        string? scoreRule = numerics.TryGetPropertyValue("score_rule", out JsonNode? ruleNode) && ruleNode is not null
            ? JsonFields.String(ruleNode, "numerics.score_rule")
            : null;

        return new Manifest
        {
            Schema = JsonFields.String(root, "schema", string.Empty),
            KeeperHash = keeperHash,
            Model = new ManifestModel(JsonFields.String(model, "name", "model"), JsonFields.String(model, "version", "model"), JsonFields.String(model, "type", "model")),
            Digest = new ManifestDigest(
                JsonFields.String(digest, "root", "digest"),
                ignore,
                JsonFields.String(digest, "algorithm", "digest"),
                JsonFields.String(digest, "method", "digest")),
            Files = files,
            Io = new ManifestIo(ReadTensor(io, "input"), ReadTensor(io, "output")),
            FeatureSchema = new VersionedDigest(JsonFields.String(featureSchema, "version", "feature_schema"), JsonFields.String(featureSchema, "sha256", "feature_schema")),
            Config = new VersionedDigest(JsonFields.String(config, "version", "config"), JsonFields.String(config, "sha256", "config")),
            Dataset = new ManifestDataset(
                JsonFields.String(dataset, "version", "dataset"),
                JsonFields.String(dataset, "sha256", "dataset"),
                JsonFields.String(dataset, "split_commitment", "dataset"),
                JsonFields.String(dataset, "salt_commitment", "dataset")),
            Training = ReadFreeForm(root, "training"),
            Numerics = new ManifestNumerics(JsonFields.String(numerics, "contract", "numerics"), scoreRule),
            Metrics = metrics,
            Gates = new ManifestGates(JsonFields.Boolean(gates, "passed", "gates"), results),
            Toolchain = ReadFreeForm(root, "toolchain"),
            Previous = previous,
        };
    }

    /// <summary>
    /// Everything wrong with this manifest on its own (not against the directory): fixed values,
    /// digest formats, the root recomputed from <see cref="Files"/>, required metrics, the I/O
    /// signature, and <c>gates.passed</c> agreeing with the results. Empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(Schema == SchemaV1, $"schema is '{Schema}', expected '{SchemaV1}'");
        Require(!string.IsNullOrWhiteSpace(Model.Name), "model.name is empty");
        Require(Registry.VersionName.IsValid(Model.Version), $"model.version '{Model.Version}' is not a valid version name ({Registry.VersionName.Rule})");
        Require(Model.Type == ModelType, $"model.type is '{Model.Type}', expected '{ModelType}'");
        Require(Digest.Algorithm == ModelDigest.Algorithm, $"digest.algorithm is '{Digest.Algorithm}', expected 'sha256'");
        Require(Digest.Method == ModelDigest.Method, $"digest.method is '{Digest.Method}', expected 'files'");
        bool rootWellFormed = RootPattern().IsMatch(Digest.Root);
        Require(rootWellFormed, $"digest.root '{Digest.Root}' is not 'sha256:' + 64 lower-case hex digits");
        // Written since the keeper hash and named score rules exist; an older manifest is refused
        // with the field named (docs/formats.md §3, "Older manifests").
        Require(KeeperHash is not null, "keeper_hash is missing (the manifest predates it; re-export the model)");
        if (KeeperHash is not null)
        {
            Require(KeeperHash.Recipe == KeeperModelHash.RecipeName, $"keeper_hash.recipe is '{KeeperHash.Recipe}', expected '{KeeperModelHash.RecipeName}'");
            Require(Sha256Pattern().IsMatch(KeeperHash.Hash), $"keeper_hash.hash '{KeeperHash.Hash}' is not 64 lower-case hex digits");
        }

        Require(Numerics.ScoreRule is not null, "numerics.score_rule is missing (the manifest predates named score rules; re-export the model)");
        if (Numerics.ScoreRule is not null)
        {
            Require(Consensus.Scoring.ScoreRule.All.Any(r => r.Id == Numerics.ScoreRule), $"numerics.score_rule '{Numerics.ScoreRule}' is not one of {string.Join(", ", Consensus.Scoring.ScoreRule.All.Select(r => r.Id))}");
        }

        Require(Files.Count > 0, "files is empty");
        bool filesWellFormed = true;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (FileDigestEntry f in Files)
        {
            bool ok = f.Name.Length > 0 && Sha256Pattern().IsMatch(f.Sha256) && f.Size >= 0 && names.Add(f.Name);
            Require(ok, $"files entry '{f.Name}' needs a unique name, a 64 lower-case hex sha256 and a size >= 0");
            filesWellFormed &= ok;
        }

        Require(Files.Select(f => f.Name).SequenceEqual(Files.Select(f => f.Name).Order(ComponentPathComparer.Instance)), "files are not in canonical (component-wise) order");
        if (rootWellFormed && filesWellFormed && Files.Count > 0)
        {
            string recomputed = ModelDigest.RootOf(Files);
            Require(recomputed == Digest.Root, $"digest.root {Digest.Root} does not match the root of the listed files ({recomputed})");
        }

        Require(TensorEquals(Io.Input, ManifestIo.TrustScore.Input), $"io.input must be features float32 [-1,{Data.FeatureSchema.Dimension}]");
        Require(TensorEquals(Io.Output, ManifestIo.TrustScore.Output), "io.output must be trust_score float32 [-1,1]");
        Require(!string.IsNullOrWhiteSpace(FeatureSchema.Version) && Sha256Pattern().IsMatch(FeatureSchema.Sha256), "feature_schema needs a version and a 64 lower-case hex sha256");
        Require(!string.IsNullOrWhiteSpace(Config.Version) && Sha256Pattern().IsMatch(Config.Sha256), "config needs a version and a 64 lower-case hex sha256");
        Require(!string.IsNullOrWhiteSpace(Dataset.Version) && Sha256Pattern().IsMatch(Dataset.Sha256), "dataset needs a version and a 64 lower-case hex sha256");
        Require(!string.IsNullOrWhiteSpace(Dataset.SplitCommitment), "dataset.split_commitment is empty");
        Require(!string.IsNullOrWhiteSpace(Dataset.SaltCommitment), "dataset.salt_commitment is empty");
        Require(!string.IsNullOrWhiteSpace(Numerics.Contract), "numerics.contract is empty");
        foreach (string metric in RequiredMetrics)
        {
            Require(Metrics.ContainsKey(metric), $"metrics.{metric} is missing");
        }

        foreach ((string key, double value) in Metrics)
        {
            Require(double.IsFinite(value), $"metrics.{key} is not a finite number");
        }

        var gateNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (ManifestGateResult g in Gates.Results)
        {
            Require(g.Name.Length > 0 && gateNames.Add(g.Name), $"gate '{g.Name}' needs a unique, non-empty name");
            Require(double.IsFinite(g.Value) && double.IsFinite(g.Threshold) && double.IsFinite(g.Margin), $"gate '{g.Name}' has a non-finite number");
            Require(g.Comparison is ">=" or "<=" or ">" or "<" or "==", $"gate '{g.Name}' comparison '{g.Comparison}' is not one of >=, <=, >, <, ==");
            if (Holds(g) is bool holds)
            {
                // Recompute, never trust: the flag must be what the value and threshold say.
                Require(holds == g.Passed, $"gate '{g.Name}' says passed={(g.Passed ? "true" : "false")} but {g.Value} {g.Comparison} {g.Threshold} is {(holds ? "true" : "false")}");
            }
        }

        Require(Gates.Results.Count > 0, "gates.results is empty");
        Require(Gates.Passed == Gates.Results.All(g => g.Passed), "gates.passed disagrees with the gate results");
        Require(!Gates.Passed || Gates.Results.All(g => Holds(g) == true), "gates.passed is true but the recomputed gate results do not all pass");
        if (Previous is not null)
        {
            Require(Registry.VersionName.IsValid(Previous.Version), $"previous.version '{Previous.Version}' is not a valid version name ({Registry.VersionName.Rule})");
            Require(RootPattern().IsMatch(Previous.Root), $"previous.root '{Previous.Root}' is not 'sha256:' + 64 lower-case hex digits");
        }

        return problems;
    }

    /// <summary>
    /// What <paramref name="gate"/>'s value and threshold say (null when a number is not finite or
    /// the comparison is unknown): the verdict is recomputed from these, never taken from the flag.
    /// </summary>
    public static bool? Holds(ManifestGateResult gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (!double.IsFinite(gate.Value) || !double.IsFinite(gate.Threshold))
        {
            return null;
        }

        return gate.Comparison switch
        {
            ">=" => gate.Value >= gate.Threshold,
            "<=" => gate.Value <= gate.Threshold,
            ">" => gate.Value > gate.Threshold,
            "<" => gate.Value < gate.Threshold,
            "==" => gate.Value == gate.Threshold,
            _ => null,
        };
    }

    private static JsonObject Tensor(ManifestTensor t) => new()
    {
        ["name"] = t.Name,
        ["dtype"] = t.Dtype,
        ["shape"] = new JsonArray([.. t.Shape.Select(d => (JsonNode?)d)]),
    };

    private static ManifestTensor ReadTensor(JsonObject io, string key)
    {
        string at = "io." + key;
        JsonObject t = JsonFields.Object(io, key, "io");
        JsonArray shape = JsonFields.Array(t, "shape", at);
        var dims = new List<long>(shape.Count);
        for (int i = 0; i < shape.Count; i++)
        {
            double d = JsonFields.Number(shape[i], $"{at}.shape[{i}]");
            if (d != Math.Floor(d))
            {
                throw new FormatException($"'{at}.shape[{i}]' must be an integer.");
            }

            dims.Add((long)d);
        }

        return new ManifestTensor(JsonFields.String(t, "name", at), JsonFields.String(t, "dtype", at), dims);
    }

    private static bool TensorEquals(ManifestTensor a, ManifestTensor b) =>
        a.Name == b.Name && a.Dtype == b.Dtype && a.Shape.SequenceEqual(b.Shape);

    private static JsonObject FreeForm(IReadOnlyDictionary<string, JsonElement> values)
    {
        var obj = new JsonObject();
        foreach ((string key, JsonElement value) in values)
        {
            obj[key] = JsonNode.Parse(value.GetRawText());
        }

        return obj;
    }

    private static SortedDictionary<string, JsonElement> ReadFreeForm(JsonObject root, string key)
    {
        var result = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach ((string name, JsonNode? value) in JsonFields.Object(root, key, string.Empty))
        {
            using var doc = JsonDocument.Parse(value?.ToJsonString() ?? "null");
            result[name] = doc.RootElement.Clone();
        }

        return result;
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex RootPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
