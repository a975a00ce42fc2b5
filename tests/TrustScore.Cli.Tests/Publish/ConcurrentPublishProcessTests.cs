using System.Diagnostics;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Publish;

public class ConcurrentPublishProcessTests
{
    [Fact]
    public void EightPublisherProcesses_ExactlyOneWins_OthersIdenticalOrConflict()
    {
        using var tmp = new TempDirectory();
        string reg = tmp.Combine("reg");
        var sources = Enumerable.Range(0, 8)
            .Select(i => VersionDirectoryFixture.Write(tmp.Combine("src" + i), "v1", i % 2 == 0 ? "even" : "odd"))
            .ToArray();

        var processes = sources.Select(s => Process.Start(CliProcess.StartInfo(["publish", "--model", s, "--registry", reg, "--json"]))!).ToList();
        var results = processes.Select(p =>
        {
            string stdout = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
            return (p.ExitCode, stdout);
        }).ToList();
        processes.ForEach(p => p.Dispose());

        Assert.Single(results, r => r.ExitCode == 0 && r.stdout.Contains("\"outcome\": \"published\"", StringComparison.Ordinal));
        int winner = results.FindIndex(r => r.stdout.Contains("\"outcome\": \"published\"", StringComparison.Ordinal));
        for (int i = 0; i < 8; i++)
        {
            if (i != winner)
            {
                Assert.Equal(i % 2 == winner % 2 ? 0 : 6, results[i].ExitCode);
            }
        }

        Assert.True(RegistryVerification.Verify(Path.Combine(reg, "v1"), published: true).Passed);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(sources[winner], "model", "model.onnx")),
            File.ReadAllBytes(Path.Combine(reg, "v1", "model", "model.onnx")));
    }
}
