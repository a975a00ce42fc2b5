using TrustScore.Data;
using TrustScore.Receipts;
using TrustScore.Scoring;
using TrustScore.Signing;
using TrustScore.Tests.Serving;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Receipts;

/// <summary>
/// A real signed version directory (random small model, conformance vectors), a receipt signing
/// key, one valid feature row, and a receipt for that row issued the way the service issues it.
/// </summary>
public sealed class ReceiptTestModel : IDisposable
{
    public const string Version = "v20261129_010000";

    public ReceiptTestModel()
    {
        Temp = new TempDirectory("receipts");
        KeygenResult operatorKey = KeyGenerator.Generate(Temp.Combine("keys"), SigningKeyAlgorithm.Ed25519, "operator");
        VersionDir = ServingVersions.WriteSignedVersion(Temp.Combine("models"), Version, ServingVersions.RandomWeights(ServingVersions.SmallWidths, 7), operatorKey.PrivateKeyPath);
        ReceiptKey = KeyGenerator.Generate(Temp.Combine("keys"), SigningKeyAlgorithm.Ed25519, "receipts");
        Signer = new ReceiptSigner(KeyFile.ReadSigningKey(ReceiptKey.PrivateKeyPath), "validator-1/receipts");
        Model = VerifiedModelLoader.Load(VersionDir);
        Features = ServingVersions.RandomRows(1, 11);
        Output = Model.Scorer.Score(Features);
        Context = new ReceiptContext("virtengine-1", "virt1account", "req-1", ["id_document", "selfie"], "nonce-1", new byte[32], 1000, 1_764_806_400);
        Receipt = Signer.Sign(ScoreClaims.Build(ModelFacts.Read(VersionDir), Context, Features, Output, sequence: 5));
    }

    public TempDirectory Temp { get; }

    public string VersionDir { get; }

    public KeygenResult ReceiptKey { get; }

    public ReceiptSigner Signer { get; }

    public VerifiedModel Model { get; }

    public float[] Features { get; }

    public float Output { get; }

    public ReceiptContext Context { get; }

    public InferenceReceipt Receipt { get; }

    public VerificationKey PublicKey => KeyFile.ReadVerificationKey(ReceiptKey.PublicKeyPath);

    /// <summary>The feature row as a .f32 file.</summary>
    public string WriteFeatures()
    {
        string path = Temp.Combine("row.f32");
        var bytes = new byte[FeatureSchema.Dimension * 4];
        for (int i = 0; i < Features.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), Features[i]);
        }

        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        Signer.Dispose();
        Temp.Dispose();
    }
}
