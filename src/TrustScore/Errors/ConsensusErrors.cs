using TrustScore.Consensus;

namespace TrustScore.Errors;

/// <summary>
/// The one translation of the consensus core's refusals into the pipeline's failures: a
/// <see cref="ConsensusFailure.Malformed"/> input is <see cref="BadInputException"/> (exit 3: a
/// model file that is malformed or invalid), a <see cref="ConsensusFailure.Mismatch"/> is
/// <see cref="VerificationFailedException"/> (exit 5). Every caller that adds context to a
/// refusal, and the CLI edge for any that arrives without, goes through here.
/// </summary>
public static class ConsensusErrors
{
    /// <summary>The pipeline failure for <paramref name="exception"/>, its message prefixed with <paramref name="context"/> when given.</summary>
    public static TrustScoreException Translate(ConsensusException exception, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = context is null ? exception.Message : $"{context}: {exception.Message}";
        return exception.Kind == ConsensusFailure.Mismatch
            ? new VerificationFailedException(message, exception)
            : new BadInputException(message, exception);
    }
}
