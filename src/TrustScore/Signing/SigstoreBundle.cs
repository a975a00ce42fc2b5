using System.Text.Json.Nodes;
using TrustScore.IO;

namespace TrustScore.Signing;

/// <summary>
/// The <c>model.sig</c> file: a Sigstore bundle v0.3 (JSON) holding the DSSE envelope and, as
/// OpenSSF <c>model_signing</c> key mode writes it, a public-key hint (SHA-256 of the public key
/// PEM) and no transparency-log entries. The hint only selects a key; trust comes from the
/// operator's key file. In certificate mode (an organisation's own PKI) the verification
/// material is instead the X.509 chain, leaf first, as <c>model_signing</c> certificate mode
/// writes it (docs/formats.md §4).
/// </summary>
/// <param name="MediaType">Always <see cref="BundleMediaType"/>.</param>
/// <param name="KeyHint">Lower-case hex SHA-256 of the signer's public key PEM, or empty.</param>
/// <param name="Envelope">The signed envelope.</param>
public sealed record SigstoreBundle(string MediaType, string KeyHint, DsseEnvelope Envelope)
{
    /// <summary>
    /// DER certificates of <c>verificationMaterial.x509CertificateChain</c>, signing (leaf)
    /// certificate first; empty in key mode.
    /// </summary>
    public IReadOnlyList<byte[]> CertificateChain { get; init; } = [];

    /// <summary>The media type OpenSSF <c>model_signing</c> writes and checks.</summary>
    public const string BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>Canonical JSON bytes of the bundle.</summary>
    public byte[] ToJson()
    {
        var signatures = new JsonArray();
        foreach (DsseSignature s in Envelope.Signatures)
        {
            signatures.Add(new JsonObject { ["keyid"] = s.KeyId, ["sig"] = Convert.ToBase64String(s.Sig) });
        }

        JsonObject material = CertificateChain.Count == 0
            ? new JsonObject { ["publicKey"] = new JsonObject { ["hint"] = KeyHint }, ["tlogEntries"] = new JsonArray() }
            : new JsonObject
            {
                ["x509CertificateChain"] = new JsonObject
                {
                    ["certificates"] = new JsonArray([.. CertificateChain.Select(c => (JsonNode?)new JsonObject { ["rawBytes"] = Convert.ToBase64String(c) })]),
                },
                ["tlogEntries"] = new JsonArray(),
            };
        var bundle = new JsonObject
        {
            ["mediaType"] = MediaType,
            ["verificationMaterial"] = material,
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(Envelope.Payload),
                ["payloadType"] = Envelope.PayloadType,
                ["signatures"] = signatures,
            },
        };
        return CanonicalJson.ToUtf8Bytes(bundle);
    }

    /// <summary>Parses a bundle.</summary>
    /// <exception cref="FormatException">Not a bundle of this shape; the message names the field.</exception>
    public static SigstoreBundle Parse(ReadOnlySpan<byte> json)
    {
        JsonObject root = JsonFields.Object(JsonFields.ParseDocument(json, "The signature file"), "bundle");
        string mediaType = JsonFields.String(root, "mediaType", string.Empty);
        if (mediaType != BundleMediaType)
        {
            throw new FormatException($"Bundle media type is '{mediaType}', expected '{BundleMediaType}'.");
        }

        string hint = string.Empty;
        if (root.TryGetPropertyValue("verificationMaterial", out JsonNode? material) && material is JsonObject materialObject
            && materialObject.TryGetPropertyValue("publicKey", out JsonNode? publicKey) && publicKey is JsonObject publicKeyObject
            && publicKeyObject.TryGetPropertyValue("hint", out JsonNode? hintNode) && hintNode is not null)
        {
            hint = JsonFields.String(hintNode, "verificationMaterial.publicKey.hint");
        }

        var chain = new List<byte[]>();
        if (material is JsonObject withChain && withChain.TryGetPropertyValue("x509CertificateChain", out JsonNode? chainNode) && chainNode is not null)
        {
            JsonArray certificates = JsonFields.Array(JsonFields.Object(chainNode, "verificationMaterial.x509CertificateChain"), "certificates", "verificationMaterial.x509CertificateChain");
            for (int i = 0; i < certificates.Count; i++)
            {
                string at = $"verificationMaterial.x509CertificateChain.certificates[{i}]";
                chain.Add(Base64(JsonFields.String(JsonFields.Object(certificates[i], at), "rawBytes", at), at + ".rawBytes"));
            }

            if (chain.Count == 0)
            {
                throw new FormatException("'verificationMaterial.x509CertificateChain.certificates' is empty.");
            }
        }

        JsonObject envelope = JsonFields.Object(root, "dsseEnvelope", string.Empty);
        string payloadType = JsonFields.String(envelope, "payloadType", "dsseEnvelope");
        byte[] payload = Base64(JsonFields.String(envelope, "payload", "dsseEnvelope"), "dsseEnvelope.payload");
        JsonArray signatureArray = JsonFields.Array(envelope, "signatures", "dsseEnvelope");
        var signatures = new List<DsseSignature>();
        for (int i = 0; i < signatureArray.Count; i++)
        {
            string at = $"dsseEnvelope.signatures[{i}]";
            JsonObject s = JsonFields.Object(signatureArray[i], at);
            string keyId = s.TryGetPropertyValue("keyid", out JsonNode? k) && k is not null ? JsonFields.String(k, at + ".keyid") : string.Empty;
            signatures.Add(new DsseSignature(Base64(JsonFields.String(s, "sig", at), at + ".sig"), keyId));
        }

        if (signatures.Count == 0)
        {
            throw new FormatException("'dsseEnvelope.signatures' is empty.");
        }

        return new SigstoreBundle(mediaType, hint, new DsseEnvelope(payloadType, payload, signatures)) { CertificateChain = chain };
    }

    private static byte[] Base64(string text, string path)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"'{path}' is not valid base64.", ex);
        }
    }
}
