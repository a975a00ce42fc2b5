namespace TrustScore.Receipts;

/// <summary>
/// Checks a receipt against a signer's public key: the node's rules hold, the fingerprint names
/// this key, and the Ed25519 signature covers the receipt's sign bytes.
/// </summary>
public static class ReceiptSignatureCheck
{
    /// <summary>Every problem found; empty when the receipt is valid and signed by <paramref name="publicKey"/>.</summary>
    /// <exception cref="TrustScore.Errors.BadInputException">The key is not Ed25519.</exception>
    public static IReadOnlyList<ReceiptProblem> Check(InferenceReceipt receipt, TrustScore.Signing.VerificationKey publicKey)
    {
        string fingerprint = ReceiptKeys.Fingerprint(publicKey);
        var problems = new List<ReceiptProblem>(ReceiptRules.Check(receipt, requireSignature: true));
        if (!string.Equals(receipt.SignerFingerprint, fingerprint, StringComparison.Ordinal))
        {
            problems.Add(new ReceiptProblem(ReceiptFieldNames.SignerFingerprint, $"is {receipt.SignerFingerprint}, but the given public key's fingerprint is {fingerprint}"));
        }

        if (problems.Count == 0 && !publicKey.Verify(ReceiptCanonical.SignBytes(receipt), receipt.Signature))
        {
            problems.Add(new ReceiptProblem(ReceiptFieldNames.Signature, "does not verify with the given public key over the receipt's sign bytes (a signed field was changed, or another key signed it)"));
        }

        return problems;
    }
}
