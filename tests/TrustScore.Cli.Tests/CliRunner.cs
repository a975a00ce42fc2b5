namespace TrustScore.Cli.Tests;

/// <summary>Runs the CLI in-process with captured stdout/stderr.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandLine.Invoke(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
