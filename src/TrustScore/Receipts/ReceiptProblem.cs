namespace TrustScore.Receipts;

/// <summary>One thing wrong with a receipt: the JSON field it concerns and one sentence saying what.</summary>
public sealed record ReceiptProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
