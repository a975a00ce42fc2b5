using System.CommandLine;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Verification;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore verify-determinism</c>: the runbook §2.3 check, across separate processes and ISA switches.</summary>
internal static class VerifyDeterminismCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "The version directory (model/, manifest.json); its digest is verified first.", Required = true };
        var runs = new Option<int>("--runs") { Description = "Separate processes (the first five: default, 2 threads, AVX-512 off, AVX2 off, all intrinsics off).", DefaultValueFactory = _ => 5 };
        var rows = new Option<int>("--rows") { Description = "Seeded random rows each process scores besides the conformance inputs.", DefaultValueFactory = _ => 1024 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random rows.", DefaultValueFactory = _ => 1 };
        var json = SharedOptions.Json();
        var command = new Command(
            "verify-determinism",
            "Score the conformance inputs and seeded random rows in several separate processes (with AVX-512 off (DOTNET_EnableAVX512F=0 and DOTNET_EnableAVX512=0), DOTNET_EnableAVX2=0, DOTNET_EnableHWIntrinsic=0, 1 and 2 threads, several batch sizes) and compare the output digests bit for bit; prints a process × digest table. Exit 7 names the differing process.\n" +
            "Example: trustscore verify-determinism --model artifacts/export/v20250101_120000 --runs 5")
        {
            model, runs, rows, seed, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var (host, hostArgs) = CliHost();
            var options = new DeterminismOptions(parse.GetValue(model)!, host, hostArgs, parse.GetValue(runs), parse.GetValue(rows), parse.GetValue(seed));
            bool asJson = parse.GetValue(json);
            var table = asJson ? ctx.Err : ctx.Out;
            table.WriteLine($"{"process",-70} {"kernel",-8} {"conf",5}  outputs sha256");
            var report = DeterminismCheck.Run(options, run => table.WriteLine(
                $"{run.Process.Label,-70} {run.KernelPath ?? "-",-8} {run.ConformanceChecked,5}  {run.OutputsSha256 ?? "FAILED (exit " + run.ExitCode + ")"}"));
            if (asJson)
            {
                ctx.Out.Write(CanonicalJson.ToText(report.ToJson()));
            }

            if (!report.Passed)
            {
                throw new DeterminismFailedException($"{report.Version}: {report.Describe()}");
            }

            ctx.Err.WriteLine($"{report.Version} ({report.RootDigest}) is deterministic: {report.Describe()}");
            return ExitCode.Ok;
        }));
        return command;
    }

    /// <summary>How to start this same CLI again: the dotnet host and the path of TrustScore.Cli.dll.</summary>
    internal static (string Host, IReadOnlyList<string> Arguments) CliHost()
    {
        string dll = typeof(VerifyDeterminismCommand).Assembly.Location;
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            string? current = Environment.ProcessPath;
            host = current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        }

        return (host, [dll]);
    }
}
