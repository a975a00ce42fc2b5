using System.Text.Json;
using TrustScore.Errors;

namespace TrustScore.Cli;

/// <summary>
/// Runs one command action and maps its failure to one sentence on stderr and a documented exit
/// code. This is the only place exceptions become exit codes.
/// </summary>
internal static class CommandRunner
{
    public static int Run(CliContext ctx, Func<ExitCode> action)
    {
        try
        {
            return (int)action();
        }
        catch (TrustScoreException ex)
        {
            ctx.Err.WriteLine($"error: {ex.Message}");
            return (int)ex.ExitCode;
        }
        catch (Consensus.ConsensusException ex)
        {
            var failure = ConsensusErrors.Translate(ex);
            ctx.Err.WriteLine($"error: {failure.Message}");
            return (int)failure.ExitCode;
        }
        catch (OperationCanceledException)
        {
            ctx.Err.WriteLine("error: cancelled.");
            return (int)ExitCode.Unexpected;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ctx.Err.WriteLine($"error: {ex.Message}");
            return (int)ExitCode.Unexpected;
        }
        catch (JsonException ex)
        {
            ctx.Err.WriteLine($"error: invalid JSON: {ex.Message}");
            return (int)ExitCode.BadInput;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failure no layer foresaw is a bug to fix, but it still ends as one sentence and a
            // documented code: never a stack trace, never an abort (exit 134).
            ctx.Err.WriteLine($"error: unexpected {ex.GetType().Name}: {ex.Message}");
            return (int)ExitCode.Unexpected;
        }
    }
}
