using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore version</c>: tool, runtime and CPU facts (also useful in bug reports).</summary>
internal static class VersionCommand
{
    public static Command Create(CliContext ctx)
    {
        var json = SharedOptions.Json();
        var command = new Command("version", "Print the tool version, runtime and CPU.\nExample: trustscore version --json") { json };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            string version = typeof(VersionCommand).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            if (parse.GetValue(json))
            {
                var node = new JsonObject
                {
                    ["version"] = version,
                    ["runtime"] = RuntimeInformation.FrameworkDescription,
                    ["os"] = RuntimeInformation.OSDescription,
                    ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
                };
                ctx.Out.Write(TrustScore.IO.CanonicalJson.ToText(node));
            }
            else
            {
                ctx.Out.WriteLine($"trustscore {version} ({RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture})");
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }
}
