using System.CommandLine;
using System.CommandLine.Help;
using TrustScore.Cli.Commands;

namespace TrustScore.Cli;

/// <summary>
/// The whole command tree in one place (docs/runbook.md order). Each verb lives in
/// Commands/&lt;Verb&gt;Command.cs and only parses, calls one pipeline operation and renders.
/// </summary>
internal static class CommandLine
{
    /// <summary>
    /// The root is named <c>trustscore</c> whatever the executable is called (the checkout runs
    /// TrustScore.Cli.dll), so usage text matches the docs. Verbs are listed in runbook order;
    /// the hidden diagnostic verbs come last.
    /// </summary>
    public static Command Build(CliContext ctx)
    {
        var root = new Command("trustscore", "TrustScore: train, gate, export, sign, publish, propose and roll back the VEID trust-score model.")
        {
            new HelpOption(),
            new VersionOption(),
            DatasetCommands.Create(ctx),
            TrainCommand.Create(ctx),
            EvaluateCommand.Create(ctx),
            ExportCommand.Create(ctx),
            HashCommand.Create(ctx),
            SignCommands.Keygen(ctx),
            SignCommands.Sign(ctx),
            VerifyCommand.Create(ctx),
            VerifyDeterminismCommand.Create(ctx),
            ScoreCommand.Create(ctx),
            PublishCommand.Create(ctx),
            RegistryCommands.Create(ctx),
            DiffCommand.Create(ctx),
            ProposalCommands.Create(ctx),
            RollbackCommands.Create(ctx),
            AuditCommands.Create(ctx),
            ServeCommand.Create(ctx),
            ReceiptCommands.Create(ctx),
            QuickstartCommand.Create(ctx),
            VersionCommand.Create(ctx),
            ProbeOutputsCommand.Create(ctx),
            TrainProbeCommand.Create(ctx),
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
