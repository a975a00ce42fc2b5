using System.Security.Cryptography;
using TrustScore.Errors;
using TrustScore.Signing;

namespace TrustScore.Receipts;

/// <summary>
/// What a receipt says about the model: its version (the receipt's <c>pipeline_version</c>), its
/// root digest (<c>model_digest</c>, the digest of <c>model/</c> in the governance proposal), the
/// SHA-256 of its <c>manifest.json</c> bytes (<c>model_manifest_digest</c>) and the feature schema
/// digest the manifest records (<c>schema_digest</c>).
/// </summary>
public sealed record ModelFacts(string Version, byte[] ModelDigest, byte[] ManifestDigest, byte[] SchemaDigest)
{
    /// <summary>Reads the facts of a version directory from its manifest (digests are taken as the manifest states them; load the model verified first).</summary>
    /// <exception cref="BadInputException">manifest.json is missing or malformed.</exception>
    public static ModelFacts Read(string versionDir)
    {
        string path = VersionLayout.ManifestPath(versionDir);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"Cannot read '{path}': {ex.Message}", ex);
        }

        Manifest manifest = Manifest.Parse(bytes);
        return new ModelFacts(
            VersionLayout.VersionOf(versionDir),
            Convert.FromHexString(IO.Sha256Text.ToHex(manifest.Digest.Root)),
            SHA256.HashData(bytes),
            Convert.FromHexString(IO.Sha256Text.ToHex(manifest.FeatureSchema.Sha256)));
    }
}
