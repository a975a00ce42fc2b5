using System.Diagnostics;

namespace TrustScore.Tests.Evaluation;

/// <summary>
/// Runs Debian's <c>chromium</c> headless on a local file (the HTML report's rendering check).
/// Chromium must be installed (<c>apt-get install -y chromium</c>; CI installs it); a missing
/// binary fails the test with that instruction rather than skipping it.
/// </summary>
internal static class HeadlessChromium
{
    public const string Binary = "/usr/bin/chromium";

    /// <summary>Result of one run: exit code, stdout (the DOM for --dump-dom) and stderr (the log).</summary>
    public sealed record Run(int ExitCode, string StdOut, string StdErr)
    {
        /// <summary>Lines Chromium logged from the page's console (script errors, CSP violations).</summary>
        public IReadOnlyList<string> ConsoleLines =>
            StdErr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>Runs Chromium on <paramref name="htmlPath"/> with <paramref name="mode"/> (e.g. <c>--dump-dom</c>).</summary>
    public static Run Execute(string htmlPath, string userDataDir, params string[] mode)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install it with 'apt-get install -y chromium' (the HTML report check needs it).");
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0", $"--user-data-dir={userDataDir}",
        }.Concat(mode))
        {
            psi.ArgumentList.Add(arg);
        }

        psi.ArgumentList.Add(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s.");
        }

        return new Run(process.ExitCode, stdout.Result, stderr.Result);
    }
}
