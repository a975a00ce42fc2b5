using System.CommandLine;
using TrustScore.Errors;
using TrustScore.Governance;
using TrustScore.Rollback;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore rollback proposal</c> (runbook §5.3): the governance path of a rollback — a
/// proposal re-activating an older, already registered model. The version being replaced is the
/// one the active pointer names (when there is one), not merely the newest in the registry.
/// </summary>
internal static class RollbackProposalCommand
{
    public static Command Create(CliContext ctx)
    {
        var registry = SharedOptions.RegistryOption();
        var to = new Option<string>("--to") { Description = "The older, already registered version to re-activate.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the rollback is needed (goes into the proposal's summary and metadata).", Required = true };
        var chain = new Option<string?>("--chain") { Description = "Chain profile name or YAML file (default: VirtEngine mainnet)." };
        var outDir = new Option<string>("--out") { Description = "Directory for rollback_proposal.json, its metadata and submit script.", DefaultValueFactory = _ => "." };
        var active = new Option<string>("--active") { Description = "The active model pointer; its target is the version being replaced.", DefaultValueFactory = _ => ActivePointer.DefaultPath };
        var json = SharedOptions.Json();
        var command = new Command(
            "proposal",
            "Write a governance proposal re-activating an older registered version (runbook 5.3); its digest is re-verified first. Submit it with 'trustscore proposal submit'.\n" +
            "Example: trustscore rollback proposal --registry artifacts/models --to v20241201_000000 --reason \"Score drift after v20250101\" --out proposals/")
        {
            registry, to, reason, chain, outDir, active, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            Registry.VersionName.Validate(parse.GetValue(to));
            string registryPath = parse.GetValue(registry)!;
            var profile = ChainProfileLoader.Resolve(parse.GetValue(chain));
            var proposal = ProposalBuilder.CreateRollback(
                registryPath,
                parse.GetValue(to)!,
                parse.GetValue(reason)!,
                profile,
                new ActivePointer(parse.GetValue(active)!).VersionIn(registryPath));
            var files = ProposalWriter.Write(Path.GetFullPath(parse.GetValue(outDir)!), proposal);
            ProposalCommands.Render(ctx, proposal, files, parse.GetValue(json));
            return ExitCode.Ok;
        }));
        return command;
    }
}
