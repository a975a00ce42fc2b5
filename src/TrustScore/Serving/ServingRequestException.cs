namespace TrustScore.Serving;

/// <summary>
/// A request the service refuses, with the HTTP status to answer (400, 404, 405, 413) and one
/// sentence naming the problem; rendered as a JSON error body, never a 500.
/// </summary>
public sealed class ServingRequestException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status code to answer with.</summary>
    public int Status { get; } = status;
}
