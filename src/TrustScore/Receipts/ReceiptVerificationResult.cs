namespace TrustScore.Receipts;

/// <summary>
/// The outcome of <see cref="ReceiptVerifier.Verify"/>: every problem (named by field), what was
/// confirmed, and notes on claims that were not checked.
/// </summary>
public sealed record ReceiptVerificationResult(
    InferenceReceipt Receipt,
    IReadOnlyList<ReceiptProblem> Problems,
    IReadOnlyList<string> Confirmed,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool Passed => Problems.Count == 0;
}
