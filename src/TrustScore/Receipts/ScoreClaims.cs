using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TrustScore.Consensus.Numerics;
using TrustScore.Consensus.Scoring;
using TrustScore.Serving;

namespace TrustScore.Receipts;

/// <summary>
/// How a scored row becomes the claims of its receipt (docs/serving.md "Inference receipts").
/// One rule, used by the service when it issues a receipt and by <c>receipt verify</c> when it
/// recomputes one:
/// <list type="bullet">
/// <item><c>input_digest</c> and <c>feature_digest</c>: both SHA-256 of the exact 768 binary32
/// features the model scored, little-endian, 3,072 bytes (our service's input is the feature
/// vector itself, so the two coincide);</item>
/// <item><c>score</c>: the node's truncation rule on the float32 output; <c>status</c>
/// <c>success</c> with reason <c>SUCCESS</c>; <c>confidence_millionths</c>: the node's sidecar
/// confidence of the output, in millionths;</item>
/// <item><c>runtime_digest</c>: SHA-256 of the numerics contract and score rule identifiers;
/// <c>runtime_image_digest</c>: SHA-256 of the scoring assembly file (TrustScore.Consensus.dll).</item>
/// </list>
/// </summary>
public static class ScoreClaims
{
    /// <summary>Status of every scored row.</summary>
    public const string Status = "success";

    /// <summary>The identifiers <see cref="RuntimeDigest"/> hashes, LF-joined.</summary>
    public static string RuntimeDescriptor { get; } = $"{NumericsContract.Version}\n{ScoreTruncation.RuleId}";

    /// <summary>SHA-256 of <see cref="RuntimeDescriptor"/>.</summary>
    public static byte[] RuntimeDigest { get; } = SHA256.HashData(Encoding.ASCII.GetBytes(RuntimeDescriptor));

    /// <summary>SHA-256 of the TrustScore.Consensus.dll this process scores with.</summary>
    public static byte[] RuntimeImageDigest { get; } = HashScoringAssembly();

    /// <summary>SHA-256 of <paramref name="features"/> as little-endian binary32.</summary>
    public static byte[] FeatureDigest(ReadOnlySpan<float> features)
    {
        // One buffer, one hash call: hashing value by value costs a native call per feature.
        byte[] bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(features.Length * sizeof(float));
        try
        {
            Span<byte> span = bytes.AsSpan(0, features.Length * sizeof(float));
            for (int i = 0; i < features.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(span.Slice(i * sizeof(float)), features[i]);
            }

            return SHA256.HashData(span);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The node's integer score of a float32 output.</summary>
    public static uint Score(float output) => (uint)ScoreTruncation.ToScore(output);

    /// <summary>
    /// The node's sidecar confidence of the output (<see cref="SidecarFields.Confidence"/>, the
    /// value the gRPC and HTTP sidecar answers carry) in millionths: round(binary64(c) × 10⁶),
    /// halves away from zero. NaN gives 0.
    /// </summary>
    public static uint ConfidenceMillionths(float output)
    {
        float confidence = SidecarFields.Confidence(output);
        if (float.IsNaN(confidence))
        {
            return 0;
        }

        double millionths = Math.Round((double)confidence * 1_000_000d, MidpointRounding.AwayFromZero);
        return (uint)Math.Clamp(millionths, 0d, ReceiptRules.MaxConfidenceMillionths);
    }

    /// <summary>The unsigned receipt for one scored row (the signer stamps its own fields).</summary>
    public static InferenceReceipt Build(ModelFacts model, ReceiptContext context, ReadOnlySpan<float> features, float output, ulong sequence)
    {
        byte[] featureDigest = FeatureDigest(features);
        return new InferenceReceipt
        {
            ChainId = context.ChainId,
            AccountAddress = context.AccountAddress,
            RequestId = context.RequestId,
            ScopeIds = ReceiptCanonical.Strings(context.ScopeIds),
            Nonce = context.Nonce,
            InputDigest = featureDigest,
            FeatureDigest = featureDigest,
            SchemaDigest = model.SchemaDigest,
            EvidenceLineageDigest = context.EvidenceLineageDigest,
            PipelineVersion = model.Version,
            ModelManifestDigest = model.ManifestDigest,
            ModelDigest = model.ModelDigest,
            RuntimeImageDigest = RuntimeImageDigest,
            RuntimeDigest = RuntimeDigest,
            ConfigDigest = ReceiptCanonical.ConfigDigest,
            DeterminismProfile = DeterminismProfile.Canonical,
            Score = Score(output),
            Status = Status,
            ConfidenceMillionths = ConfidenceMillionths(output),
            ReasonCodes = [ReceiptRules.Success],
            IssuedHeight = context.IssuedHeight,
            IssuedAtUnix = context.IssuedAtUnix,
            ExpiresHeight = context.IssuedHeight + ReceiptContext.LifetimeBlocks,
            ExpiresAtUnix = context.IssuedAtUnix + ReceiptContext.LifetimeSeconds,
            SignerKeyId = "unsigned",
            SignerFingerprint = new string('0', 64),
            SignerSequence = sequence,
        };
    }

    private static byte[] HashScoringAssembly()
    {
        string path = typeof(Scorer).Assembly.Location;
        return path.Length > 0 && File.Exists(path)
            ? SHA256.HashData(File.ReadAllBytes(path))
            : SHA256.HashData(Encoding.ASCII.GetBytes(typeof(Scorer).Assembly.ManifestModule.ModuleVersionId.ToString()));
    }
}
