using System.Runtime.CompilerServices;
using TrustScore.Data;
using TrustScore.Receipts;
using TrustScore.Signing;

namespace TrustScore.Serving;

/// <summary>
/// Issues the signed receipts of <c>serve --receipt-key</c> (docs/serving.md "Receipts from the
/// service"): one per scored row, each with the next durable <c>signer_sequence</c>, built by
/// <see cref="ScoreClaims"/> from the model that scored and signed by <see cref="ReceiptSigner"/>.
/// The model facts (manifest digest, schema digest) are read once per served model.
/// </summary>
public sealed class ReceiptIssuer : IDisposable
{
    private readonly ReceiptSigner signer;
    private readonly SignerSequence sequence;
    private readonly ConditionalWeakTable<ServedModel, ModelFacts> facts = [];

    private ReceiptIssuer(ReceiptSigner signer, SignerSequence sequence, string chainId)
    {
        this.signer = signer;
        this.sequence = sequence;
        ChainId = chainId;
    }

    /// <summary>The <c>chain_id</c> of every receipt.</summary>
    public string ChainId { get; }

    /// <summary>The signer's key id.</summary>
    public string KeyId => signer.KeyId;

    /// <summary>The signer's fingerprint.</summary>
    public string Fingerprint => signer.Fingerprint;

    /// <summary>The first sequence number this process issues.</summary>
    public ulong FirstSequence => sequence.StartedAt;

    /// <summary>Reads the key (owner-only PKCS#8 PEM, Ed25519) and opens its sequence.</summary>
    /// <exception cref="Errors.BadInputException">The key is unusable, or an option is.</exception>
    /// <exception cref="Errors.BusyException">Another process signs with this sequence.</exception>
    public static ReceiptIssuer Open(ReceiptOptions options)
    {
        if (ReceiptRules.IdentifierProblem(options.ChainId, ReceiptRules.MaxString) is string why)
        {
            throw new Errors.BadInputException($"--chain-id '{options.ChainId}' {why}.");
        }

        SigningKey key = KeyFile.ReadSigningKey(options.KeyPath);
        string keyId = options.KeyId ?? "trustscore/" + ReceiptKeys.Fingerprint(key.PublicKey)[..16];
        var signer = new ReceiptSigner(key, keyId);
        try
        {
            return new ReceiptIssuer(signer, SignerSequence.Open(options.EffectiveSequencePath, signer.Fingerprint), options.ChainId);
        }
        catch
        {
            signer.Dispose();
            throw;
        }
    }

    /// <summary>Signed receipts, one per output, for the rows of <paramref name="features"/> scored by <paramref name="model"/>.</summary>
    public InferenceReceipt[] Issue(ServedModel model, ReadOnlySpan<float> features, ReadOnlySpan<float> outputs, ReceiptContext context)
    {
        ModelFacts modelFacts = facts.GetValue(model, Facts);
        var receipts = new InferenceReceipt[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            ReadOnlySpan<float> row = features.Slice(i * FeatureSchema.Dimension, FeatureSchema.Dimension);
            receipts[i] = signer.Sign(ScoreClaims.Build(modelFacts, context, row, outputs[i], sequence.Next()));
        }

        return receipts;
    }

    public void Dispose()
    {
        sequence.Dispose();
        signer.Dispose();
    }

    // The root digest is the one recomputed when the model was verified; the manifest is read once.
    private static ModelFacts Facts(ServedModel model) =>
        ModelFacts.Read(model.Directory) with { ModelDigest = Convert.FromHexString(IO.Sha256Text.ToHex(model.RootDigest)) };
}
