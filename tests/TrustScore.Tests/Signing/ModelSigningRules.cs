using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace TrustScore.Tests.Signing;

/// <summary>
/// The verification rules of OpenSSF <c>model_signing</c> (sigstore/model-transparency,
/// <c>src/model_signing/_signing/{signing,sign_sigstore_pb,sign_ec_key,sign_certificate}.py</c>
/// and <c>verifying.py</c>), restated here from that source with .NET primitives and none of
/// this project's signing code, because the Python tool cannot be installed on this machine.
/// Each method is one rule and says where model_signing applies it.
/// </summary>
internal sealed class ModelSigningRules
{
    public const string BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public const string InTotoPayloadType = "application/vnd.in-toto+json";
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://model_signing/signature/v1.0";

    public ModelSigningRules(string signaturePath) => Bundle = JsonNode.Parse(File.ReadAllText(signaturePath))!.AsObject();

    public JsonObject Bundle { get; }

    public JsonObject? VerificationMaterial => Bundle["verificationMaterial"] as JsonObject;

    public byte[] Payload => Convert.FromBase64String((string)Bundle["dsseEnvelope"]!["payload"]!);

    public JsonObject Statement => JsonNode.Parse(Payload)!.AsObject();

    /// <summary>sign_sigstore_pb.pae: "DSSEv1 {len(type)} {type} {len(payload)}" + " " + payload (UTF-8 bytes).</summary>
    public byte[] Pae => [.. Encoding.UTF8.GetBytes($"DSSEv1 {InTotoPayloadType.Length} {InTotoPayloadType} {Payload.Length} "), .. Payload];

    /// <summary>sign_sigstore_pb.Verifier._verify_bundle signature: the first signature only.</summary>
    public byte[] FirstSignature => Convert.FromBase64String((string)Bundle["dsseEnvelope"]!["signatures"]![0]!["sig"]!);

    /// <summary>sign_ec_key._check_supported_ec_key: elliptic curve on secp256r1, secp384r1 or secp521r1 only.</summary>
    public static bool IsSupportedEcKey(byte[] spki)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out _);
        }
        catch (CryptographicException)
        {
            return false; // not an EC key: "Only elliptic curve keys are supported"
        }

        return key.ExportParameters(false).Curve.Oid.Value is "1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35";
    }

    /// <summary>sign_ec_key hint: sha256(public_bytes(PEM, SubjectPublicKeyInfo)).hexdigest() — Python cryptography's PEM: 64-column base64, LF.</summary>
    public static string KeyHint(byte[] spki)
    {
        string base64 = Convert.ToBase64String(spki);
        var pem = new StringBuilder("-----BEGIN PUBLIC KEY-----\n");
        for (int i = 0; i < base64.Length; i += 64)
        {
            pem.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        pem.Append("-----END PUBLIC KEY-----\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(pem.ToString())));
    }

    /// <summary>sign_ec_key.get_ec_key_hash + ECDSA verify: the hash follows the key size (256 → SHA-256), DER signature.</summary>
    public bool SignatureVerifies(byte[] spki)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(spki, out _);
        HashAlgorithmName hash = key.KeySize switch { 256 => HashAlgorithmName.SHA256, 384 => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        return key.VerifyData(Pae, FirstSignature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>signing.dsse_payload_to_manifest: SHA-256 over the resources' raw digests, in order, equals subject[0].digest.sha256.</summary>
    public bool ResourcesHashToSubject()
    {
        JsonObject statement = Statement;
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (JsonNode? resource in statement["predicate"]!["resources"]!.AsArray())
        {
            hasher.AppendData(Convert.FromHexString((string)resource!["digest"]!));
        }

        return Convert.ToHexStringLower(hasher.GetHashAndReset()) == (string)statement["subject"]![0]!["digest"]!["sha256"]!;
    }

    /// <summary>
    /// verifying.Config.verify: the manifest hashed from the model directory (files serialization,
    /// hash_type, ignore_paths of the signature) equals the signed one, item by item (the model
    /// name is ignored). Hashed here file by file with <see cref="SHA256"/>.
    /// </summary>
    public bool ResourcesMatchDirectory(string modelDir)
    {
        JsonObject predicate = Statement["predicate"]!.AsObject();
        string[] ignore = predicate["serialization"]!["ignore_paths"]?.AsArray().Select(n => (string)n!).ToArray() ?? [];
        var actual = Directory.EnumerateFiles(modelDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(modelDir, f).Replace('\\', '/'))
            .Where(name => !ignore.Any(i => name == i || name.StartsWith(i + "/", StringComparison.Ordinal)))
            .ToDictionary(name => name, name => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(modelDir, name)))), StringComparer.Ordinal);
        var signed = predicate["resources"]!.AsArray()
            .ToDictionary(r => (string)r!["name"]!, r => (string)r!["digest"]!, StringComparer.Ordinal);
        return actual.Count == signed.Count && actual.All(kv => signed.TryGetValue(kv.Key, out string? d) && d == kv.Value);
    }

    /// <summary>
    /// sign_certificate.Verifier._verify_certificates: the leaf (certificates[0]) chains through
    /// certificates[1:] to a certificate of the trusted store, checked at the leaf's notBefore
    /// (model_signing's store time), then the leaf may sign (key usage digitalSignature or
    /// extended key usage codeSigning).
    /// </summary>
    public bool CertificateChainVerifies(IReadOnlyList<X509Certificate2> trusted, out X509Certificate2 leaf)
    {
        JsonArray certificates = VerificationMaterial!["x509CertificateChain"]!["certificates"]!.AsArray();
        leaf = X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)certificates[0]!["rawBytes"]!));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = leaf.NotBefore;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted.ToArray());
        foreach (JsonNode? certificate in certificates.Skip(1))
        {
            chain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)certificate!["rawBytes"]!)));
        }

        return chain.Build(leaf);
    }

    /// <summary>sign_certificate: "Signing certificate cannot be used for signing" unless digitalSignature or codeSigning.</summary>
    public static bool CanSign(X509Certificate2 leaf) =>
        leaf.Extensions.OfType<X509KeyUsageExtension>().Any(u => u.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        || leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.3"));
}
