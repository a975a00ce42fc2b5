using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Signing;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore keygen</c> and <c>trustscore sign</c> (runbook §8; FORMATS.md §3).</summary>
internal static class SignCommands
{
    public static Command Keygen(CliContext ctx)
    {
        var outDir = new Option<string>("--out") { Description = "Directory for the key files (created if needed).", Required = true };
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "Key algorithm: ecdsa-p256 (default; what OpenSSF model_signing key mode verifies) or ed25519.",
            DefaultValueFactory = _ => "ecdsa-p256",
        };
        algorithm.AcceptOnlyFromAmong("ed25519", "ecdsa-p256");
        var name = new Option<string>("--name")
        {
            Description = "Base name of the key files (<name>.key, <name>.pub).",
            DefaultValueFactory = _ => KeyGenerator.DefaultName,
        };
        var json = SharedOptions.Json();
        var command = new Command(
            "keygen",
            "Create a signing key pair: <name>.key (PKCS#8 PEM, owner-only) and <name>.pub (public key for verifiers).\n" +
            "Example: trustscore keygen --out ~/.trustscore/keys")
        {
            outDir, algorithm, name, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            KeygenResult result = KeyGenerator.Generate(parse.GetValue(outDir)!, SigningKeyAlgorithmNames.Parse(parse.GetValue(algorithm)!), parse.GetValue(name)!);
            if (parse.GetValue(json))
            {
                ctx.Out.Write(TrustScore.IO.CanonicalJson.ToText(new JsonObject
                {
                    ["algorithm"] = parse.GetValue(algorithm),
                    ["private_key"] = result.PrivateKeyPath,
                    ["public_key"] = result.PublicKeyPath,
                    ["key_hint"] = result.KeyHint,
                }));
            }
            else
            {
                ctx.Out.WriteLine($"private key: {result.PrivateKeyPath} (owner-only; keep it secret)");
                ctx.Out.WriteLine($"public key:  {result.PublicKeyPath} (give this to verifiers)");
                ctx.Out.WriteLine($"key hint:    {result.KeyHint}");
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }

    public static Command Sign(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "The exported version directory (holds model/ and manifest.json).", Required = true };
        var key = new Option<string>("--key") { Description = "The private key file (PKCS#8 PEM, owner-only).", Required = true };
        var certificate = new Option<string?>("--certificate")
        {
            Description = "Certificate mode: the PEM signing certificate for --key (ecdsa-p256); model.sig then carries the X.509 chain instead of a key hint.",
        };
        var certificateChain = new Option<string[]>("--certificate-chain")
        {
            Description = "Certificate mode: PEM file(s) of the certificates between the signing certificate and the root (repeatable).",
        };
        var json = SharedOptions.Json();
        var command = new Command(
            "sign",
            "Sign a version directory: writes model.sig (DSSE over an in-toto statement, OpenSSF model-signing layout; also covers manifest.json).\n" +
            "Example: trustscore sign --model artifacts/models/1.2.0 --key ~/.trustscore/keys/trustscore-signing.key\n" +
            "Certificate mode: trustscore sign --model artifacts/models/1.2.0 --key pki/leaf.key --certificate pki/leaf.pem --certificate-chain pki/intermediate.pem")
        {
            model, key, certificate, certificateChain, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            string? certificatePath = parse.GetValue(certificate);
            string[] chainPaths = parse.GetValue(certificateChain) ?? [];
            if (certificatePath is null && chainPaths.Length > 0)
            {
                throw new Errors.BadInputException("--certificate-chain needs --certificate (the signing certificate).");
            }

            SignResult result = certificatePath is null
                ? ModelSigner.Sign(parse.GetValue(model)!, parse.GetValue(key)!)
                : ModelSigner.SignWithCertificate(parse.GetValue(model)!, parse.GetValue(key)!, certificatePath, chainPaths);
            if (parse.GetValue(json))
            {
                ctx.Out.Write(TrustScore.IO.CanonicalJson.ToText(new JsonObject
                {
                    ["signature"] = result.SignaturePath,
                    ["root"] = result.Root,
                    ["algorithm"] = SigningKeyAlgorithmNames.Name(result.Algorithm),
                    ["key_hint"] = result.KeyHint,
                    ["artifacts"] = new JsonArray([.. result.Artifacts.Select(a => (JsonNode?)new JsonObject { ["name"] = a.Name, ["sha256"] = a.Digest })]),
                }));
            }
            else
            {
                ctx.Out.WriteLine($"signed {result.Root} and {string.Join(", ", result.Artifacts.Select(a => a.Name))}");
                ctx.Out.WriteLine($"wrote {result.SignaturePath} ({SigningKeyAlgorithmNames.Name(result.Algorithm)}, key hint {result.KeyHint})");
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }
}
