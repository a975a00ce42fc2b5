namespace TrustScore.Receipts;

/// <summary>A receipt read from JSON, with any departures from canonical form found while reading.</summary>
public sealed record ParsedReceipt(InferenceReceipt Receipt, IReadOnlyList<ReceiptProblem> FormProblems);
