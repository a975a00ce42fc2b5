using System.CommandLine;
using TrustScore.Verification;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore verify</c>: every check a validator needs, each reported (runbook §7.2, §8),
/// including the default extra checks (conformance vectors, ONNX Runtime parity).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "The version directory to verify.", Required = true };
        var publicKey = new Option<string>("--public-key") { Description = "The signer's public key file (never one shipped inside the artifact)." };
        var trustedKeys = new Option<string>("--trusted-keys") { Description = "A directory of trusted public keys (*.pub, *.pem)." };
        var certificateChain = new Option<string[]>("--certificate-chain")
        {
            Description = "Certificate mode: PEM file(s) of trusted root certificates; the signing certificate in model.sig must chain to one (offline).",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = SharedOptions.Json();
        var command = new Command(
            "verify",
            "Verify a version directory: file digests and root against the manifest, manifest consistency, signature with your key,\n" +
            "conformance vectors bit for bit, and ONNX Runtime parity within 1e-3 score points.\n" +
            "Exit 0 only if every check passes, 5 otherwise.\n" +
            "Example: trustscore verify --model artifacts/models/1.2.0 --public-key keys/trustscore-signing.pub\n" +
            "Certificate mode: trustscore verify --model artifacts/models/1.2.0 --certificate-chain pki/root.pem")
        {
            model, publicKey, trustedKeys, certificateChain, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var options = new VerifyOptions
            {
                PublicKeyPath = parse.GetValue(publicKey),
                TrustedKeysDir = parse.GetValue(trustedKeys),
                CertificateChainPaths = parse.GetValue(certificateChain) ?? [],
                ExtraChecks = DefaultVersionChecks.Create(),
            };
            VerificationReport report = VersionVerifier.Verify(parse.GetValue(model)!, options);
            if (parse.GetValue(json))
            {
                ctx.Out.Write(TrustScore.IO.CanonicalJson.ToText(report.ToJson()));
            }
            else
            {
                foreach (VerificationCheck check in report.Checks)
                {
                    ctx.Out.WriteLine($"{(check.Passed ? "PASS" : "FAIL")}  {check.Name,-15} {check.Detail}");
                }

                foreach (string skipped in report.Skipped)
                {
                    ctx.Out.WriteLine($"SKIP  {skipped}");
                }

                ctx.Out.WriteLine(report.Passed
                    ? $"verified: {report.Version} ({report.ComputedRoot})"
                    : $"VERIFICATION FAILED: {report.Version}: {string.Join(", ", report.Failures.Select(f => f.Name))}");
            }

            return report.Passed ? Errors.ExitCode.Ok : Errors.ExitCode.VerificationFailed;
        }));
        return command;
    }
}
