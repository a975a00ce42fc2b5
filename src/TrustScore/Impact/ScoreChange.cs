namespace TrustScore.Impact;

/// <summary>One record whose integer score changes.</summary>
/// <param name="SampleId">The record's id (pseudonymised in a config's test split).</param>
/// <param name="DocumentType">Its document type.</param>
/// <param name="IsGenuine">Genuine or fraud.</param>
/// <param name="Label">Its label (trust score 0–100).</param>
/// <param name="FromScore">Integer score with the from model.</param>
/// <param name="ToScore">Integer score with the to model.</param>
public sealed record ScoreChange(string SampleId, string DocumentType, bool IsGenuine, double Label, int FromScore, int ToScore)
{
    /// <summary>To − from.</summary>
    public int Delta => ToScore - FromScore;
}
