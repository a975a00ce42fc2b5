using TrustScore.Scoring;
using TrustScore.Signing;

namespace TrustScore.Receipts;

/// <summary>
/// Verifies a receipt (<c>trustscore receipt verify</c>; docs/serving.md "Verifying a receipt"):
/// its canonical form and the node's rules, its signature with the operator's public key, and —
/// given the model and the features — its claims, by recomputing the score bit for bit with the
/// verified model and comparing every claim derived from the model and the input (field by field,
/// so a changed field is named). Fields the verifier cannot recompute (chain, account, request,
/// heights, times, sequence) are covered by the signature alone.
/// </summary>
public static class ReceiptVerifier
{
    /// <summary>Checks <paramref name="parsed"/>; <paramref name="model"/> and <paramref name="features"/> are optional.</summary>
    /// <exception cref="TrustScore.Errors.BadInputException">The public key is not Ed25519.</exception>
    public static ReceiptVerificationResult Verify(ParsedReceipt parsed, VerificationKey publicKey, VerifiedModel? model, float[]? features)
    {
        InferenceReceipt r = parsed.Receipt;
        var problems = new List<ReceiptProblem>(parsed.FormProblems);
        var confirmed = new List<string>();
        var notes = new List<string>();

        IReadOnlyList<ReceiptProblem> signature = ReceiptSignatureCheck.Check(r, publicKey);
        problems.AddRange(signature);
        if (signature.Count == 0)
        {
            confirmed.Add($"signature: valid Ed25519 signature by {r.SignerFingerprint} ({r.SignerKeyId}), sequence {r.SignerSequence}");
        }

        if (model is not null)
        {
            CheckModel(r, model, problems, confirmed);
        }
        else
        {
            notes.Add("model claims not checked (no --model)");
        }

        if (features is not null)
        {
            CheckInput(r, features, model, problems, confirmed);
        }
        else
        {
            notes.Add("input and score claims not checked (no --features)");
        }

        if (!r.RuntimeImageDigest.AsSpan().SequenceEqual(ScoreClaims.RuntimeImageDigest))
        {
            notes.Add($"runtime_image_digest {Convert.ToHexStringLower(r.RuntimeImageDigest)} is not this build's scoring assembly ({Convert.ToHexStringLower(ScoreClaims.RuntimeImageDigest)}); another build issued it (not an error)");
        }

        return new ReceiptVerificationResult(r, problems.Distinct().ToList(), confirmed, notes);
    }

    private static void CheckModel(InferenceReceipt r, VerifiedModel model, List<ReceiptProblem> problems, List<string> confirmed)
    {
        ModelFacts facts = ModelFacts.Read(model.VersionDir);
        int before = problems.Count;
        Compare(problems, ReceiptFieldNames.ModelDigest, r.ModelDigest, facts.ModelDigest, "the model's root digest");
        Compare(problems, ReceiptFieldNames.ModelManifestDigest, r.ModelManifestDigest, facts.ManifestDigest, "SHA-256 of its manifest.json");
        Compare(problems, ReceiptFieldNames.SchemaDigest, r.SchemaDigest, facts.SchemaDigest, "the manifest's feature schema digest");
        Compare(problems, ReceiptFieldNames.RuntimeDigest, r.RuntimeDigest, ScoreClaims.RuntimeDigest, $"SHA-256 of '{ScoreClaims.RuntimeDescriptor.Replace("\n", "\\n", StringComparison.Ordinal)}'");
        if (r.PipelineVersion != facts.Version)
        {
            problems.Add(new ReceiptProblem(ReceiptFieldNames.PipelineVersion, $"is '{r.PipelineVersion}', but the model is version '{facts.Version}'"));
        }

        if (problems.Count == before)
        {
            confirmed.Add($"model: {facts.Version} (root {model.RootDigest}) matches model_digest, model_manifest_digest, schema_digest, runtime_digest and pipeline_version");
        }
    }

    private static void CheckInput(InferenceReceipt r, float[] features, VerifiedModel? model, List<ReceiptProblem> problems, List<string> confirmed)
    {
        int before = problems.Count;
        byte[] digest = ScoreClaims.FeatureDigest(features);
        Compare(problems, ReceiptFieldNames.InputDigest, r.InputDigest, digest, "SHA-256 of the given features (binary32, little-endian)");
        Compare(problems, ReceiptFieldNames.FeatureDigest, r.FeatureDigest, digest, "SHA-256 of the given features (binary32, little-endian)");
        if (problems.Count == before)
        {
            confirmed.Add($"input: input_digest and feature_digest are the SHA-256 of the given {features.Length} features");
        }

        if (model is null)
        {
            return;
        }

        before = problems.Count;
        float output = model.Scorer.Score(features);
        uint score = ScoreClaims.Score(output);
        uint confidence = ScoreClaims.ConfidenceMillionths(output);
        string bits = $"0x{BitConverter.SingleToUInt32Bits(output):x8}";
        if (r.Score != score)
        {
            problems.Add(new ReceiptProblem(ReceiptFieldNames.Score, $"is {r.Score}, but the model scores these features {score} (output {output:R}, bits {bits})"));
        }

        if (r.Status != ScoreClaims.Status)
        {
            problems.Add(new ReceiptProblem(ReceiptFieldNames.Status, $"is '{r.Status}', but a scored row is '{ScoreClaims.Status}'"));
        }

        if (r.ConfidenceMillionths != confidence)
        {
            problems.Add(new ReceiptProblem(ReceiptFieldNames.ConfidenceMillionths, $"is {r.ConfidenceMillionths}, but the output {output:R} gives {confidence}"));
        }

        if (r.ReasonCodes.Count != 1 || r.ReasonCodes[0] != ReceiptRules.Success)
        {
            problems.Add(new ReceiptProblem(ReceiptFieldNames.ReasonCodes, $"is [{string.Join(", ", r.ReasonCodes)}], but a scored row carries [{ReceiptRules.Success}]"));
        }

        if (problems.Count == before)
        {
            confirmed.Add($"score: recomputed bit for bit — output {output:R} ({bits}) scores {score}, confidence {confidence}, status {ScoreClaims.Status}");
        }
    }

    private static void Compare(List<ReceiptProblem> problems, string field, byte[] claimed, byte[] actual, string what)
    {
        if (!claimed.AsSpan().SequenceEqual(actual))
        {
            problems.Add(new ReceiptProblem(field, $"is {Convert.ToHexStringLower(claimed)}, but {what} is {Convert.ToHexStringLower(actual)}"));
        }
    }
}
