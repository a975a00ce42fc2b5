using System.CommandLine;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Cli;

/// <summary>Options used by several verbs, declared once so their names and help never drift.</summary>
internal static class SharedOptions
{
    /// <summary>Machine-readable output: only JSON on stdout, human text on stderr.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Write only JSON to stdout (human text goes to stderr)." };

    /// <summary>The <c>--registry</c> option: a local directory or <c>s3://bucket/prefix</c>.</summary>
    public static Option<string> RegistryOption() => new("--registry")
    {
        Description = "The registry: a directory (e.g. artifacts/models) or s3://bucket/prefix.",
        Required = true,
    };

    /// <summary>The <c>--actor</c> option (default user@host).</summary>
    public static Option<string?> ActorOption() => new("--actor") { Description = "Who is acting, for the audit log (default: user@host)." };

    /// <summary>The <c>--audit-key</c> option: a private key to sign audit entries with.</summary>
    public static Option<string?> AuditKeyOption() => new("--audit-key") { Description = "Operator private key (PEM) to sign the audit entry with; 'audit verify --public-key' then checks it." };

    /// <summary>The signing key named by <c>--audit-key</c>, or null.</summary>
    public static SigningKey? AuditKey(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } path ? KeyFile.ReadSigningKey(path) : null;

    /// <summary>The operator key options: <c>--public-key</c> and <c>--trusted-keys</c>.</summary>
    public static (Option<string?> PublicKey, Option<string?> TrustedKeys) KeyOptions() => (
        new Option<string?>("--public-key") { Description = "Operator public key (PEM) to verify model.sig with; without a key the signature is not checked." },
        new Option<string?>("--trusted-keys") { Description = "Directory of trusted public keys (*.pub, *.pem) to verify model.sig with." });

    /// <summary>Full-verification options from the key flags, or null (and a note on stderr) when no key was given.</summary>
    public static VerifyOptions? Keys(CliContext ctx, ParseResult parse, (Option<string?> PublicKey, Option<string?> TrustedKeys) keys)
    {
        string? publicKey = parse.GetValue(keys.PublicKey);
        string? trusted = parse.GetValue(keys.TrustedKeys);
        if (publicKey is null && trusted is null)
        {
            ctx.Err.WriteLine("note: no --public-key or --trusted-keys given; model.sig is not checked.");
            return null;
        }

        return new VerifyOptions { PublicKeyPath = publicKey, TrustedKeysDir = trusted };
    }
}
