namespace TrustScore.Evaluation;

/// <summary>The records one evaluation scores, column by column (features row-major, [n, 768]).</summary>
/// <param name="Features">The feature rows.</param>
/// <param name="Labels">The labels (trust scores 0–100).</param>
/// <param name="DocumentTypes">Each record's document type.</param>
/// <param name="IsGenuine">Genuine (true) or fraud (false).</param>
/// <param name="SampleIds">Each record's id: the sample id, or the pseudonymised id in a config's test split.</param>
/// <param name="Gates">The thresholds that apply to this selection.</param>
/// <param name="Selection">"all records" or "test split".</param>
internal sealed record EvaluationRows(
    float[] Features,
    float[] Labels,
    string[] DocumentTypes,
    bool[] IsGenuine,
    string[] SampleIds,
    GateThresholds Gates,
    string Selection);
