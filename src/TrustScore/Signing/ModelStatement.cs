using System.Text.Json.Nodes;
using TrustScore.Consensus.Digest;
using TrustScore.IO;

namespace TrustScore.Signing;

/// <summary>
/// The in-toto Statement v1 that <c>model.sig</c> signs (FORMATS.md §3). Its subject and
/// predicate are exactly the OpenSSF Model Signing v1.0 layout, so <c>model_signing</c> verifies
/// the model part; the manifest (and the export metadata) are bound by an extra predicate field,
/// <c>trustscore.artifacts</c>, which OpenSSF v1.0 verifiers ignore as the predicate spec requires.
/// </summary>
/// <remarks>
/// <code>
/// {
///   "_type": "https://in-toto.io/Statement/v1",
///   "subject": [{"name": "model", "digest": {"sha256": "&lt;root hex&gt;"}}],
///   "predicateType": "https://model_signing/signature/v1.0",
///   "predicate": {
///     "serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": false,
///                       "ignore_paths": [".git", ".gitattributes", ".github", ".gitignore"]},
///     "resources": [{"name": "conformance.json", "algorithm": "sha256", "digest": "…"}, …],
///     "trustscore": {"schema": "trustscore.signature/v1",
///                    "artifacts": [{"name": "manifest.json", "algorithm": "sha256", "digest": "…"}, …],
///                    "keeper_hash": {"recipe": "virtengine-keeper/1", "hash": "…"}}
///   }
/// }
/// </code>
/// </remarks>
/// <param name="SubjectName">The digested directory's name (<c>model</c>).</param>
/// <param name="RootHex">The root digest, 64 lower-case hex without prefix.</param>
/// <param name="IgnorePaths">The serializer's ignore paths.</param>
/// <param name="Resources">Every model file, in canonical order.</param>
/// <param name="Artifacts">Files of the version directory outside <c>model/</c> that are signed too (manifest first).</param>
public sealed record ModelStatement(
    string SubjectName,
    string RootHex,
    IReadOnlyList<string> IgnorePaths,
    IReadOnlyList<SignedResource> Resources,
    IReadOnlyList<SignedResource> Artifacts)
{
    /// <summary>in-toto Statement v1 type.</summary>
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>OpenSSF Model Signing v1.0 predicate type.</summary>
    public const string PredicateType = "https://model_signing/signature/v1.0";

    /// <summary>The name of the extension object inside the predicate.</summary>
    public const string ExtensionKey = "trustscore";

    /// <summary>The extension's schema.</summary>
    public const string ExtensionSchema = "trustscore.signature/v1";

    /// <summary>
    /// <c>predicate.trustscore.keeper_hash</c>: the chain's model hash of the subject directory
    /// (docs/formats.md §1b), so the signature names the very value a proposal puts on chain.
    /// Null only in a statement signed before it existed.
    /// </summary>
    public ManifestKeeperHash? KeeperHash { get; init; }

    /// <summary>The statement for a model digest, its keeper hash, plus signed version-directory artifacts.</summary>
    public static ModelStatement For(string subjectName, ModelDigestResult digest, IReadOnlyList<string> ignorePaths, IReadOnlyList<SignedResource> artifacts, ManifestKeeperHash? keeperHash = null) =>
        new(
            subjectName,
            digest.RootHex,
            ignorePaths,
            [.. digest.Files.Select(f => new SignedResource(f.Name, ModelDigest.Algorithm, f.Sha256))],
            artifacts)
        {
            KeeperHash = keeperHash,
        };

    /// <summary>The payload bytes: canonical JSON (TrustScore.IO.CanonicalJson).</summary>
    public byte[] ToPayload()
    {
        var ignore = new JsonArray();
        foreach (string path in IgnorePaths)
        {
            ignore.Add(path);
        }

        var predicate = new JsonObject
        {
            ["serialization"] = new JsonObject
            {
                ["method"] = ModelDigest.Method,
                ["hash_type"] = ModelDigest.Algorithm,
                ["allow_symlinks"] = false,
                ["ignore_paths"] = ignore,
            },
            ["resources"] = ToArray(Resources),
            [ExtensionKey] = new JsonObject
            {
                ["schema"] = ExtensionSchema,
                ["artifacts"] = ToArray(Artifacts),
            },
        };
        if (KeeperHash is not null)
        {
            predicate[ExtensionKey]!["keeper_hash"] = new JsonObject { ["recipe"] = KeeperHash.Recipe, ["hash"] = KeeperHash.Hash };
        }

        var statement = new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = SubjectName,
                ["digest"] = new JsonObject { ["sha256"] = RootHex },
            }),
            ["predicateType"] = PredicateType,
            ["predicate"] = predicate,
        };
        return CanonicalJson.ToUtf8Bytes(statement);
    }

    /// <summary>
    /// Parses a payload and checks it the way OpenSSF verifiers do: statement type, predicate
    /// type, exactly one subject, and a subject digest equal to the SHA-256 over the listed
    /// resource digests.
    /// </summary>
    /// <exception cref="FormatException">The payload is not such a statement; the message names the field.</exception>
    public static ModelStatement Parse(ReadOnlySpan<byte> payload)
    {
        JsonObject root = JsonFields.Object(JsonFields.ParseDocument(payload, "The signed statement"), "statement");
        string type = JsonFields.String(root, "_type", string.Empty);
        if (type != StatementType)
        {
            throw new FormatException($"Statement type is '{type}', expected '{StatementType}'.");
        }

        string predicateType = JsonFields.String(root, "predicateType", string.Empty);
        if (predicateType != PredicateType)
        {
            throw new FormatException($"Predicate type is '{predicateType}', expected '{PredicateType}'.");
        }

        JsonArray subjects = JsonFields.Array(root, "subject", string.Empty);
        if (subjects.Count != 1)
        {
            throw new FormatException($"Statement has {subjects.Count} subjects; expected exactly one.");
        }

        JsonObject subject = JsonFields.Object(subjects[0], "subject[0]");
        string name = JsonFields.String(subject, "name", "subject[0]");
        string rootHex = JsonFields.String(JsonFields.Object(subject, "digest", "subject[0]"), "sha256", "subject[0].digest");

        JsonObject predicate = JsonFields.Object(root, "predicate", string.Empty);
        JsonObject serialization = JsonFields.Object(predicate, "serialization", "predicate");
        string method = JsonFields.String(serialization, "method", "predicate.serialization");
        string hashType = JsonFields.String(serialization, "hash_type", "predicate.serialization");
        bool allowSymlinks = JsonFields.Boolean(serialization, "allow_symlinks", "predicate.serialization");
        if (method != ModelDigest.Method || hashType != ModelDigest.Algorithm || allowSymlinks)
        {
            throw new FormatException($"Serialization is method '{method}', hash '{hashType}', allow_symlinks {allowSymlinks}; expected files, sha256, false.");
        }

        var ignorePaths = new List<string>();
        if (serialization.TryGetPropertyValue("ignore_paths", out JsonNode? ignoreNode) && ignoreNode is not null)
        {
            JsonArray ignore = JsonFields.Array(ignoreNode, "predicate.serialization.ignore_paths");
            for (int i = 0; i < ignore.Count; i++)
            {
                ignorePaths.Add(JsonFields.String(ignore[i], $"predicate.serialization.ignore_paths[{i}]"));
            }
        }

        List<SignedResource> resources = ReadResources(JsonFields.Array(predicate, "resources", "predicate"), "predicate.resources");
        string recomputed = ModelDigest.RootOf(resources.Select(r => new FileDigestEntry(r.Name, r.Digest, 0))).Substring(ModelDigestResult.RootPrefix.Length);
        // RootOf sorts; OpenSSF hashes in listed order, which must already be canonical.
        bool canonical = resources.Select(r => r.Name).SequenceEqual(resources.Select(r => r.Name).Order(ComponentPathComparer.Instance));
        if (!canonical || !string.Equals(recomputed, rootHex, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Statement is inconsistent: subject digest {rootHex} but the listed resources hash to {recomputed}{(canonical ? string.Empty : " (and are not in canonical order)")}.");
        }

        var artifacts = new List<SignedResource>();
        ManifestKeeperHash? keeperHash = null;
        if (predicate.TryGetPropertyValue(ExtensionKey, out JsonNode? extensionNode) && extensionNode is not null)
        {
            JsonObject extension = JsonFields.Object(extensionNode, "predicate." + ExtensionKey);
            string schema = JsonFields.String(extension, "schema", "predicate." + ExtensionKey);
            if (schema != ExtensionSchema)
            {
                throw new FormatException($"'predicate.{ExtensionKey}.schema' is '{schema}', expected '{ExtensionSchema}'.");
            }

            artifacts = ReadResources(JsonFields.Array(extension, "artifacts", "predicate." + ExtensionKey), $"predicate.{ExtensionKey}.artifacts");
            if (extension.TryGetPropertyValue("keeper_hash", out JsonNode? keeperNode) && keeperNode is not null)
            {
                string at = $"predicate.{ExtensionKey}.keeper_hash";
                JsonObject keeper = JsonFields.Object(keeperNode, at);
                keeperHash = new ManifestKeeperHash(JsonFields.String(keeper, "recipe", at), JsonFields.String(keeper, "hash", at));
            }
        }

        return new ModelStatement(name, rootHex.ToLowerInvariant(), ignorePaths, resources, artifacts) { KeeperHash = keeperHash };
    }

    private static JsonArray ToArray(IReadOnlyList<SignedResource> resources)
    {
        var array = new JsonArray();
        foreach (SignedResource r in resources)
        {
            array.Add(new JsonObject { ["name"] = r.Name, ["algorithm"] = r.Algorithm, ["digest"] = r.Digest });
        }

        return array;
    }

    private static List<SignedResource> ReadResources(JsonArray array, string path)
    {
        var list = new List<SignedResource>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            string at = $"{path}[{i}]";
            JsonObject item = JsonFields.Object(array[i], at);
            string algorithm = JsonFields.String(item, "algorithm", at);
            string digest = JsonFields.String(item, "digest", at);
            if (algorithm != ModelDigest.Algorithm || digest.Length != 64 || !digest.All(Uri.IsHexDigit))
            {
                throw new FormatException($"'{at}' must have algorithm sha256 and a 64-hex-digit digest.");
            }

            list.Add(new SignedResource(JsonFields.String(item, "name", at), algorithm, digest.ToLowerInvariant()));
        }

        return list;
    }
}
