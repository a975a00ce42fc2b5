using TrustScore.Consensus;
using System.Security.Cryptography;
using TrustScore.Consensus.Digest;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Registry;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Serving;

/// <summary>
/// Verifies a version directory fully and loads it for serving (the consumer
/// pickup of docs/formats/registry.md): the registry checks of
/// <see cref="RegistryVerification.Verify"/> (digest, manifest files, gates, metadata, archive,
/// and the signature with the operator's key), then the bytes actually loaded are hashed against
/// the manifest — so a file swapped after the digest check is still caught — and the model must
/// reproduce every conformance vector bit for bit. Runs off the request path.
/// </summary>
public static class ModelLoader
{
    /// <summary>Check name for the conformance vectors and load.</summary>
    public const string ConformanceCheck = "conformance";


    /// <summary>Verifies and loads <paramref name="versionDirectory"/>; never throws for a failed check.</summary>
    public static ModelLoadAttempt TryLoad(string versionDirectory, VerifyOptions? keys, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(versionDirectory);
        ArgumentNullException.ThrowIfNull(time);
        string dir = Path.GetFullPath(versionDirectory);
        string version = VersionLayout.VersionOf(dir);
        if (!Directory.Exists(dir))
        {
            return new ModelLoadAttempt(dir, version, null, [], null, $"the version directory '{dir}' does not exist");
        }

        VerificationReport verification;
        try
        {
            verification = RegistryVerification.Verify(dir, published: true, keys);
        }
        catch (Errors.TrustScoreException ex)
        {
            return new ModelLoadAttempt(dir, version, null, [], null, ex.Message);
        }

        if (!verification.Passed)
        {
            return new ModelLoadAttempt(dir, verification.Version, verification.ComputedRoot, verification.Checks, null, verification.FailureSummary);
        }

        var checks = new List<VerificationCheck>(verification.Checks);
        VerificationCheck load = LoadScorer(dir, out Scorer? scorer, out ConformanceVectors? conformance, out string? keeperHash);
        checks.Add(load);
        if (scorer is null || conformance is null || keeperHash is null)
        {
            return new ModelLoadAttempt(dir, verification.Version, verification.ComputedRoot, checks, null, $"{load.Name}: {load.Detail}");
        }

        var model = new ServedModel(verification.Version, verification.ComputedRoot!, dir, scorer, time.GetUtcNow())
        {
            Rule = conformance.Rule,
            KeeperHash = keeperHash,
            Conformance = conformance,
            Sequence = Sequence(dir, verification.Version, time),
        };
        return new ModelLoadAttempt(dir, verification.Version, verification.ComputedRoot, checks, model, null);
    }

    /// <summary>
    /// The version's registry sequence number: its 1-based position among the registry's published
    /// versions in publish order (publish time, then name), so it never changes once published.
    /// </summary>
    private static int Sequence(string dir, string version, TimeProvider time)
    {
        try
        {
            return PublishSequence.Of(new LocalRegistry(Path.GetDirectoryName(dir)!, time, "serve").List(), version);
        }
        catch (Exception ex) when (ex is Errors.TrustScoreException or IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static VerificationCheck LoadScorer(string dir, out Scorer? scorer, out ConformanceVectors? vectors, out string? keeperHash)
    {
        scorer = null;
        vectors = null;
        keeperHash = null;
        try
        {
            Manifest manifest = Manifest.Parse(NoFollowOpen.ReadAllBytes(VersionLayout.ManifestPath(dir)));
            byte[] conformanceBytes = ReadListed(dir, manifest, VersionLayout.Conformance);
            byte[] modelBytes = ReadListed(dir, manifest, VersionLayout.ModelOnnx);
            var conformance = ConformanceVectors.Parse(conformanceBytes);
            if (conformance.Vectors.Count == 0)
            {
                return Fail("model/conformance.json holds no vectors, so the numerics cannot be checked");
            }

            Export.ExportedModel.RequireSameRule(manifest, conformance);
            Export.ExportedModel.RequireCurrentFeatureSchema(manifest);

            string modelSha = Listed(manifest, VersionLayout.ModelOnnx).Sha256;
            var loaded = Scorer.Load(modelBytes, modelSha, conformance);
            if (loaded.FeatureCount != FeatureSchema.Dimension)
            {
                return Fail($"model.onnx takes {loaded.FeatureCount} features; the service serves feature schema v{FeatureSchema.Version} ({FeatureSchema.Dimension})");
            }

            // The registry checks compared it with the manifest already; this is the value served.
            keeperHash = KeeperModelHash.Compute(VersionLayout.ModelPath(dir)).Hash;
            if (manifest.KeeperHash is null || !KeeperModelHash.HashesEqual(keeperHash, manifest.KeeperHash.Hash))
            {
                return Fail($"model/ has keeper hash {keeperHash} but the manifest says {manifest.KeeperHash?.Hash ?? "nothing"}");
            }

            scorer = loaded;
            vectors = conformance;
            return new VerificationCheck(ConformanceCheck, true, $"model.onnx loaded and reproduced all {conformance.Vectors.Count} conformance vectors bit for bit ({conformance.Rule.Id}).");
        }
        catch (Exception ex) when (ex is ConsensusException or InvalidDataException or FormatException or IOException or UnauthorizedAccessException or ArgumentException or Errors.VerificationFailedException or Errors.BadInputException)
        {
            return Fail(ex.Message);
        }

        static VerificationCheck Fail(string detail) => new(ConformanceCheck, false, detail);
    }

    private static FileDigestEntry Listed(Manifest manifest, string name) =>
        manifest.Files.FirstOrDefault(f => f.Name == name) ?? throw new InvalidDataException($"manifest.json does not list model/{name}");

    /// <summary>Reads model/<paramref name="name"/> once and checks those very bytes against the manifest.</summary>
    private static byte[] ReadListed(string dir, Manifest manifest, string name)
    {
        FileDigestEntry entry = Listed(manifest, name);
        // The bytes served: never read through a link swapped in after the registry checks.
        byte[] bytes = NoFollowOpen.ReadAllBytes(Path.Combine(VersionLayout.ModelPath(dir), name));
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"model/{name} hashes to {actual} when loaded, but the manifest lists {entry.Sha256}");
        }

        return bytes;
    }
}
