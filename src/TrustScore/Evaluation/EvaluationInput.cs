using TrustScore.Errors;

namespace TrustScore.Evaluation;

/// <summary>
/// What the evaluator scores (runbook §2): one entry per test sample. <see cref="Predictions"/>
/// are the consensus scorer's float outputs (0–100) on the exported weights, i.e. the model as
/// validators run it; <see cref="IntegerScores"/> are the integer scores validators publish
/// (the rounding rule lives in the consensus core, so they arrive here already computed).
/// </summary>
/// <param name="Predictions">Model outputs, 0–100, one per sample.</param>
/// <param name="Labels">True trust scores, 0–100, one per sample.</param>
/// <param name="DocumentTypes">Per-sample <c>document_type</c>; null when the dataset has none.</param>
/// <param name="IsGenuine">Per-sample <c>is_genuine</c>; null when the dataset has none.</param>
/// <param name="IntegerScores">Per-sample integer score validators see; null to skip those metrics.</param>
/// <param name="IntegerScoreRule">The id of the score rule <paramref name="IntegerScores"/> follow (docs/numerics.md §8); reports name it.</param>
public sealed record EvaluationInput(
    IReadOnlyList<float> Predictions,
    IReadOnlyList<float> Labels,
    IReadOnlyList<string>? DocumentTypes = null,
    IReadOnlyList<bool>? IsGenuine = null,
    IReadOnlyList<int>? IntegerScores = null,
    string? IntegerScoreRule = null)
{
    /// <summary>Number of samples.</summary>
    public int Count => Predictions.Count;

    /// <summary>
    /// Checks lengths agree and every value is finite; throws <see cref="BadInputException"/>
    /// naming the first offending field and index.
    /// </summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Predictions);
        ArgumentNullException.ThrowIfNull(Labels);
        int n = Predictions.Count;
        RequireLength("labels", Labels.Count, n);
        if (DocumentTypes is not null)
        {
            RequireLength("document_type", DocumentTypes.Count, n);
            for (int i = 0; i < n; i++)
            {
                if (string.IsNullOrEmpty(DocumentTypes[i]))
                {
                    throw new BadInputException($"Evaluation input: document_type of sample {i} is empty.");
                }
            }
        }

        if (IsGenuine is not null)
        {
            RequireLength("is_genuine", IsGenuine.Count, n);
        }

        if (IntegerScores is not null)
        {
            RequireLength("integer scores", IntegerScores.Count, n);
        }

        for (int i = 0; i < n; i++)
        {
            if (!float.IsFinite(Predictions[i]))
            {
                throw new BadInputException($"Evaluation input: prediction of sample {i} is not finite ({Predictions[i]}).");
            }

            if (!float.IsFinite(Labels[i]))
            {
                throw new BadInputException($"Evaluation input: label of sample {i} is not finite ({Labels[i]}).");
            }
        }
    }

    private static void RequireLength(string field, int count, int expected)
    {
        if (count != expected)
        {
            throw new BadInputException($"Evaluation input: {field} has {count} entries but there are {expected} predictions.");
        }
    }
}
