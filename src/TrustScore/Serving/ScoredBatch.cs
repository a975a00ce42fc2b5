namespace TrustScore.Serving;

/// <summary>A scored request, handed to the protocol's response writer.</summary>
/// <param name="Model">The model snapshot that scored it.</param>
/// <param name="Request">The parsed request (its features are still valid while the response is written).</param>
/// <param name="Outputs">The binary32 outputs, one per row.</param>
/// <param name="Scores">The integer scores under the model's rule, one per row.</param>
/// <param name="Elapsed">Time from the request's start to the scores.</param>
internal sealed record ScoredBatch(ServedModel Model, ScoringRequest Request, float[] Outputs, int[] Scores, TimeSpan Elapsed)
{
    /// <summary>The signed receipts, one per row, when the service signs receipts (<c>serve --receipt-key</c>); otherwise null.</summary>
    public IReadOnlyList<Receipts.InferenceReceipt>? Receipts { get; init; }
}
