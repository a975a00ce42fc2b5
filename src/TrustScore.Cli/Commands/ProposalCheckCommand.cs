using System.CommandLine;
using TrustScore.Errors;
using TrustScore.Governance;
using TrustScore.IO;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore proposal check</c>: a voter re-checks every claim of a proposal before voting
/// (docs/governance.md, "Checking a proposal before voting").
/// </summary>
internal static class ProposalCheckCommand
{
    public static Command Create(CliContext ctx)
    {
        var proposal = new Argument<string>("proposal") { Description = "The proposal file (proposal.json)." };
        var registry = new Option<string?>("--registry") { Description = "Registry holding the version: a folder or s3://bucket/prefix (default: from the artifact URL the proposal names)." };
        var auditDir = new Option<string?>("--audit-dir") { Description = "Folder whose rollback_log.jsonl records activations (default: a local registry's own; needed for an s3:// registry)." };
        var trustedKeys = new Option<string?>("--trusted-keys") { Description = "Directory of the release public keys you trust (*.pub, *.pem)." };
        var chain = new Option<string?>("--chain") { Description = "Chain profile name or .yaml path (default virtengine-mainnet)." };
        var metadata = new Option<string?>("--metadata") { Description = "The published off-chain metadata file (default: found from the proposal's metadata URI, else next to the proposal)." };
        var json = SharedOptions.Json();
        var command = new Command(
            "check",
            "Check every claim of a proposal independently: messages and authority, metadata digest, archive, OpenSSF root,\n" +
            "sha256_hash (the node's keeper hash), signature with your keys, gates, version order. One PASS/FAIL line each;\n" +
            "exit 0 only if all pass, 5 otherwise.\n" +
            "Example: trustscore proposal check output/proposal.json --registry artifacts/models --trusted-keys keys\n" +
            "Example: trustscore proposal check output/proposal.json --registry s3://virtengine-ml-models/models/trust_score --audit-dir artifacts/models --trusted-keys keys")
        {
            proposal, registry, auditDir, trustedKeys, chain, metadata, json,
        };
        var s3 = S3CommandOptions.ForReading(command);
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            ProposalCheckReport report = ProposalChecker.Check(new ProposalCheckOptions
            {
                ProposalPath = parse.GetValue(proposal)!,
                Registry = parse.GetValue(registry),
                S3 = s3.Read(parse),
                AuditDirectory = parse.GetValue(auditDir),
                TrustedKeysDir = parse.GetValue(trustedKeys),
                Profile = ChainProfileLoader.Resolve(parse.GetValue(chain)),
                MetadataFile = parse.GetValue(metadata),
            });
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(report.ToJson()));
            }
            else
            {
                foreach (var check in report.Checks)
                {
                    ctx.Out.WriteLine($"{(check.Passed ? "PASS" : "FAIL")}  {check.Name,-20} {check.Detail}");
                }

                ctx.Out.WriteLine(report.Passed
                    ? $"proposal checked: every claim holds ({report.Version})"
                    : $"PROPOSAL CHECK FAILED: {string.Join(", ", report.Checks.Where(c => !c.Passed).Select(c => c.Name))}");
            }

            return report.Passed ? ExitCode.Ok : ExitCode.VerificationFailed;
        }));
        return command;
    }
}
