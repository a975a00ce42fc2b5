using System.CommandLine;
using TrustScore.Cli.Commands;

namespace TrustScore.Cli;

/// <summary>
/// The whole command tree in one place (ARCHITECTURE.md, "The command line"). Each verb lives in
/// Commands/&lt;Verb&gt;Command.cs and only parses, calls one pipeline operation and renders.
/// </summary>
internal static class CommandLine
{
    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand("TrustScore: train, gate, export, sign, publish, propose and roll back the VEID trust-score model.")
        {
            VersionCommand.Create(ctx),
            ProposalCommands.Create(ctx),
            TrainCommand.Create(ctx),
            DatasetCommands.Create(ctx),
            ProbeOutputsCommand.Create(ctx),
            HashCommand.Create(ctx),
            SignCommands.Keygen(ctx),
            SignCommands.Sign(ctx),
            VerifyCommand.Create(ctx),
            EvaluateCommand.Create(ctx),
            DiffCommand.Create(ctx),
            ExportCommand.Create(ctx),
            PublishCommand.Create(ctx),
            RegistryCommands.Create(ctx),
            RollbackCommands.Create(ctx),
            AuditCommands.Create(ctx),
            TrainProbeCommand.Create(ctx),
            ServeCommand.Create(ctx),
            QuickstartCommand.Create(ctx),
            ScoreCommand.Create(ctx),
            VerifyDeterminismCommand.Create(ctx),
            ReceiptCommands.Create(ctx),
        };
        return root;
    }

    public static int Invoke(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var ctx = new CliContext(stdout, stderr);
        var root = Build(ctx);
        var result = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine("Run 'trustscore --help' (or '<verb> --help') for usage.");
            return (int)Errors.ExitCode.Usage;
        }

        return result.Invoke(config);
    }
}
