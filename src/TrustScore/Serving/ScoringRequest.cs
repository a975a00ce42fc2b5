namespace TrustScore.Serving;

/// <summary>A parsed, validated scoring request: row-major features [Rows, 768].</summary>
/// <param name="Features">The features; only the first <c>Rows × 768</c> values are used.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Id">The Open Inference Protocol request id, echoed back, or null.</param>
/// <param name="WantTrustScore">Whether to return the float output.</param>
/// <param name="WantIntegerScore">Whether to return the integer score.</param>
/// <param name="TrustScoreBinary">Open Inference binary tensor data: answer the float output as raw little-endian bytes after the JSON.</param>
/// <param name="IntegerScoreBinary">Likewise for the integer output.</param>
/// <param name="Columnar">A TensorFlow Serving columnar (<c>inputs</c>) request, answered in columnar form (<c>outputs</c>).</param>
public sealed record ScoringRequest(float[] Features, int Rows, string? Id = null, bool WantTrustScore = true, bool WantIntegerScore = true, bool Columnar = false, bool TrustScoreBinary = false, bool IntegerScoreBinary = false);
