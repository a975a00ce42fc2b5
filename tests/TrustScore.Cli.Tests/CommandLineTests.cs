using TrustScore.Errors;

namespace TrustScore.Cli.Tests;

/// <summary>The root command: named like the installed tool, verbs in runbook order.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_NamesTheRootTrustscore_AndListsVerbsInRunbookOrder()
    {
        var (code, stdout, _) = CliRunner.Run("--help");
        Assert.Equal((int)ExitCode.Ok, code);
        Assert.Contains("Usage:\n  trustscore [command] [options]", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("TrustScore.Cli", stdout, StringComparison.Ordinal);

        var verbs = stdout.ReplaceLineEndings("\n")
            .Split('\n')
            .SkipWhile(line => line != "Commands:")
            .Skip(1)
            .Where(line => line.StartsWith("  ", StringComparison.Ordinal) && line.Length > 2 && line[2] != ' ')
            .Select(line => line.Trim().Split(' ')[0])
            .ToArray();
        Assert.Equal(
            ["dataset", "train", "evaluate", "export", "hash", "keygen", "sign", "verify", "verify-determinism", "score",
             "publish", "registry", "diff", "proposal", "rollback", "audit", "serve", "receipt", "quickstart", "version"],
            verbs);
    }
}
