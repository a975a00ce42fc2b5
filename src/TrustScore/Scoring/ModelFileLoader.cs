using TrustScore.Consensus;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;

namespace TrustScore.Scoring;

/// <summary>
/// Loads a bare <c>model.onnx</c> (no version directory, no manifest) for diagnostics such as
/// <c>trustscore probe-outputs</c>, re-running a <c>conformance.json</c> first when one is given.
/// A version directory is loaded with <see cref="VerifiedModelLoader"/> instead.
/// </summary>
public static class ModelFileLoader
{
    /// <summary>The scorer for <paramref name="modelPath"/> and the vectors it reproduced (null when none were given).</summary>
    /// <exception cref="BadInputException">A file is missing or is not a model or conformance file this tool reads.</exception>
    /// <exception cref="VerificationFailedException">The model does not reproduce its conformance vectors.</exception>
    public static (Scorer Scorer, ConformanceVectors? Vectors) Load(string modelPath, string? conformancePath)
    {
        try
        {
            var vectors = conformancePath is null ? null : ConformanceVectors.Parse(File.ReadAllBytes(conformancePath));
            return (Scorer.LoadFile(modelPath, conformance: vectors), vectors);
        }
        catch (ConsensusException ex)
        {
            throw ConsensusErrors.Translate(ex, modelPath);
        }
        catch (FileNotFoundException ex)
        {
            throw new BadInputException($"{ex.FileName ?? modelPath} does not exist.", ex);
        }
    }
}
