using TrustScore.Consensus;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Digest;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Signing;

namespace TrustScore.Export;

/// <summary>
/// Writes the exported version directory of runbook §1.4 (docs/formats.md §2–3):
/// <c>model/{model.onnx, conformance.json, feature_schema.json}</c>, <c>manifest.json</c>,
/// <c>export_metadata.json</c> and, with a key, <c>model.sig</c>. Everything is assembled in a
/// temporary sibling directory, re-loaded and checked there (digest, conformance vectors), and
/// only then renamed into place, so a reader never sees a half-written version. Nothing under
/// <c>model/</c> depends on time, paths or the machine: the same weights give the same bytes.
/// </summary>
public static class Exporter
{
    /// <summary>Model name written to <c>manifest.json</c> (<c>model.name</c>).</summary>
    public const string ModelName = "trust_score";

    /// <summary>Seed of the generated conformance inputs; fixed so re-exports are byte-identical.</summary>
    public const ulong ConformanceSeed = 1;

    /// <summary>File name of the export metadata's format identifier value.</summary>
    public const string MetadataFormat = "trustscore.export-metadata/v1";

    /// <summary>Exports <paramref name="request"/>; see the class summary.</summary>
    /// <exception cref="BadInputException">Bad version name, failed gates, an unreadable key or previous version.</exception>
    /// <exception cref="ImmutabilityConflictException">The version directory already exists.</exception>
    /// <exception cref="VerificationFailedException">The previous version does not match its own manifest, or the written model fails its own checks.</exception>
    public static ExportResult Export(ExportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Registry.VersionName.Validate(request.Version);

        if (!request.Evaluation.Gates.Passed)
        {
            string failed = string.Join(", ", request.Evaluation.Gates.Failed.Select(g => g.Name));
            throw new GatesFailedException($"release gates failed ({failed}); a model that fails its gates is never exported.");
        }

        string root = Path.GetFullPath(request.ExportRoot);
        string final = Path.Combine(root, request.Version);
        if (Directory.Exists(final) || File.Exists(final))
        {
            throw new ImmutabilityConflictException($"version directory {final} already exists; versions are write-once, choose another --version.");
        }

        ManifestPrevious? previous = request.PreviousVersionDir is null ? null : ReadPrevious(request.PreviousVersionDir);
        Directory.CreateDirectory(root);
        string temp = Path.Combine(root, $".{request.Version}.export-{Guid.NewGuid():N}");
        try
        {
            var (digest, manifest, vectors) = Assemble(request, temp, previous);
            SignResult? signature = request.SigningKeyPath is null ? null : ModelSigner.Sign(temp, request.SigningKeyPath);
            SelfCheck(temp, manifest);
            AtomicFile.FlushDirectory(temp);
            Directory.Move(temp, final);
            AtomicFile.FlushDirectory(root);
            return new ExportResult(final, request.Version, digest.Root, digest.Files, manifest, vectors,
                signature is null ? null : signature with { SignaturePath = VersionLayout.SignaturePath(final) });
        }
        catch (IOException) when (Directory.Exists(final))
        {
            throw new ImmutabilityConflictException($"version directory {final} appeared while exporting; versions are write-once, choose another --version.");
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>
    /// The bytes of <c>model/model.onnx</c> and <c>model/conformance.json</c> for
    /// <paramref name="weights"/>; pure, so the same weights always give the same files.
    /// </summary>
    /// <param name="weights">The consensus weights.</param>
    /// <param name="conformanceRows">Real rows added to the generated vectors.</param>
    /// <param name="rule">The integer score rule sealed in conformance.json; <see cref="ScoreRule.Default"/> when null.</param>
    public static (byte[] Onnx, ConformanceVectors Conformance) BuildModelFiles(MlpWeights weights, IReadOnlyList<(string Name, float[] Features)> conformanceRows, ScoreRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(conformanceRows);
        byte[] onnx = OnnxModelWriter.Write(weights);

        // Generate from the bytes validators will load, not from the in-memory weights.
        var scorer = Scorer.Load(onnx);
        if (!scorer.Weights.BitEquals(weights))
        {
            throw new VerificationFailedException("model.onnx does not read back to the exported weights bit for bit; refusing to export.");
        }

        return (onnx, ConformanceVectors.Generate(scorer, ConformanceSeed, conformanceRows, rule ?? ScoreRule.Default));
    }

    private static (ModelDigestResult Digest, Manifest Manifest, int Vectors) Assemble(ExportRequest request, string temp, ManifestPrevious? previous)
    {
        string modelDir = VersionLayout.ModelPath(temp);
        Directory.CreateDirectory(modelDir);
        var (onnx, conformance) = BuildModelFiles(request.Weights, request.ConformanceRows, request.Config.Export.Rule);
        AtomicFile.WriteAllBytes(Path.Combine(modelDir, VersionLayout.ModelOnnx), onnx);
        AtomicFile.WriteAllBytes(Path.Combine(modelDir, VersionLayout.Conformance), CanonicalJson.ToUtf8Bytes(conformance.ToJson()));
        AtomicFile.WriteAllBytes(Path.Combine(modelDir, VersionLayout.FeatureSchema), FeatureSchema.Json);
        var digest = ModelDigest.Compute(modelDir);
        // model/ is the directory a validator's node is pointed at (docs/governance.md).
        var keeper = KeeperModelHash.Compute(modelDir);

        var manifest = new Manifest
        {
            Model = new ManifestModel(ModelName, request.Version),
            Digest = new ManifestDigest(digest.Root, ModelDigest.DefaultIgnorePaths),
            KeeperHash = new ManifestKeeperHash(KeeperModelHash.RecipeName, keeper.Hash),
            Files = digest.Files,
            FeatureSchema = new VersionedDigest(FeatureSchema.Version, FeatureSchema.Digest),
            Config = new VersionedDigest(request.Config.ConfigVersion, request.Config.Digest),
            Dataset = new ManifestDataset(
                request.Dataset.DatasetVersion,
                request.Dataset.DatasetDigest,
                SplitCommitment(request.Dataset),
                request.Dataset.SaltCommitment.Length > 0 ? request.Dataset.SaltCommitment : "none"),
            Training = ToElements(request.TrainingParameters),
            Numerics = new ManifestNumerics(NumericsContract.Version, conformance.Rule.Id),
            Metrics = Metrics(request.Evaluation),
            Gates = new ManifestGates(
                request.Evaluation.Gates.Passed,
                [.. request.Evaluation.Gates.Gates.Select(g => new ManifestGateResult(g.Name, g.Value, g.Threshold, g.ComparisonSymbol, g.Margin, g.Passed))]),
            Toolchain = Toolchain.Describe(),
            Previous = previous,
        };
        manifest.Write(VersionLayout.ManifestPath(temp));
        AtomicFile.WriteAllBytes(VersionLayout.ExportMetadataPath(temp), CanonicalJson.ToUtf8Bytes(Metadata(request, digest, keeper, conformance)));
        return (digest, manifest, conformance.Vectors.Count);
    }

    /// <summary>
    /// The manifest's <c>dataset.split_commitment</c>: lower-case hex SHA-256 of the canonical JSON
    /// of the dataset manifest's <c>splits</c> object (each split's count and digest).
    /// </summary>
    public static string SplitCommitment(DatasetManifest dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return CanonicalJson.Sha256Hex(dataset.BodyNode()["splits"]);
    }

    private static SortedDictionary<string, double> Metrics(Evaluation.EvaluationResult evaluation)
    {
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach ((string key, JsonNode? value) in evaluation.Metrics.ToJson())
        {
            if (value is JsonValue v && v.TryGetValue(out double d) && double.IsFinite(d))
            {
                metrics[key] = d;
            }
        }

        return metrics;
    }

    private static SortedDictionary<string, JsonElement> ToElements(JsonObject values)
    {
        var result = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach ((string key, JsonNode? value) in values)
        {
            using var doc = JsonDocument.Parse(value?.ToJsonString() ?? "null");
            result[key] = doc.RootElement.Clone();
        }

        return result;
    }

    private static JsonObject Metadata(ExportRequest request, ModelDigestResult digest, KeeperModelHashResult keeper, ConformanceVectors conformance)
    {
        var files = new JsonArray();
        long total = 0;
        foreach (var f in digest.Files)
        {
            files.Add(new JsonObject { ["name"] = VersionLayout.ModelDirectory + "/" + f.Name, ["size"] = f.Size, ["sha256"] = f.Sha256 });
            total += f.Size;
        }

        var io = ManifestIo.TrustScore;
        return new JsonObject
        {
            ["format"] = MetadataFormat,
            ["version"] = request.Version,
            ["root"] = digest.Root,
            ["keeper_hash"] = keeper.Hash,
            ["exported_at"] = request.Time.GetUtcNow().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["exporter"] = "trustscore " + Toolchain.ToolVersion,
            ["source"] = request.Source,
            ["files"] = files,
            ["model_bytes"] = total,
            ["conformance_vectors"] = conformance.Vectors.Count,
            ["signature"] = new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject { ["name"] = io.Input.Name, ["dtype"] = io.Input.Dtype, ["shape"] = new JsonArray([.. io.Input.Shape.Select(s => (JsonNode)s)]) }),
                ["outputs"] = new JsonArray(new JsonObject { ["name"] = io.Output.Name, ["dtype"] = io.Output.Dtype, ["shape"] = new JsonArray([.. io.Output.Shape.Select(s => (JsonNode)s)]) }),
            },
            ["onnx"] = new JsonObject
            {
                ["ir_version"] = OnnxProfile.IrVersion,
                ["opset"] = OnnxProfile.OpsetVersion,
                ["producer"] = OnnxProfile.ProducerName,
            },
            ["score_rule"] = conformance.Rule.Id,
        };
    }

    private static ManifestPrevious ReadPrevious(string previousDir)
    {
        if (!Directory.Exists(previousDir))
        {
            throw new BadInputException($"--previous '{previousDir}' is not a directory; pass the previous version directory.");
        }

        var manifest = Manifest.Read(VersionLayout.ManifestPath(previousDir));
        ModelDigestResult actual;
        try
        {
            actual = ModelDigest.Compute(VersionLayout.ModelPath(previousDir));
        }
        catch (ModelDigestException ex)
        {
            throw ConsensusErrors.Translate(ex, $"--previous '{previousDir}': model/ cannot be digested");
        }

        if (!ModelDigestResult.RootsEqual(actual.Root, manifest.Digest.Root))
        {
            throw new VerificationFailedException($"--previous '{previousDir}': model/ hashes to {actual.Root} but its manifest says {manifest.Digest.Root}; refusing to record it.");
        }

        return new ManifestPrevious(manifest.Model.Version, actual.Root);
    }

    private static void SelfCheck(string temp, Manifest manifest)
    {
        // Recompute, never trust: what is on disk must be what the manifest names, and the model
        // must reproduce its conformance vectors when loaded the way a validator loads it.
        var digest = ModelDigest.Compute(VersionLayout.ModelPath(temp));
        if (!ModelDigestResult.RootsEqual(digest.Root, manifest.Digest.Root))
        {
            throw new VerificationFailedException($"the exported model/ hashes to {digest.Root}, not the manifest's {manifest.Digest.Root}.");
        }

        string keeper = KeeperModelHash.Compute(VersionLayout.ModelPath(temp)).Hash;
        if (keeper != manifest.KeeperHash?.Hash)
        {
            throw new VerificationFailedException($"the exported model/ has keeper hash {keeper}, not the manifest's {manifest.KeeperHash?.Hash}.");
        }

        ExportedModel.LoadScorer(temp, manifest);
    }
}
