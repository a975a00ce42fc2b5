namespace TrustScore.Cli;

/// <summary>
/// Where a command writes: <see cref="Out"/> is stdout (JSON or the primary result),
/// <see cref="Err"/> is stderr (human text, progress, errors). Tests pass string writers.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Err);
