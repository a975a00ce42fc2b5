using System.Text;
using System.Text.RegularExpressions;
using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Cli.Tests.Publish;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Docs;

/// <summary>
/// docs/runbook.md cannot drift from the tool: every ```bash block is run, in order,
/// as one <c>bash -euo pipefail</c> script in a temporary directory, with <c>trustscore</c> a
/// script on PATH running the built CLI, synthetic data of <c>TRUSTSCORE_SAMPLES</c> records, a
/// small training config in <c>TRUSTSCORE_CONFIG</c>, and S3 on moto_server.
/// </summary>
[Collection(S3MotoCollection.Name)]
public sealed partial class RunbookTests(MotoServer moto)
{
    private const string RunbookBucket = "virtengine-ml-models";

    private static readonly string[] RequiredSections =
    [
        "### 1.1 Prepare", "### 1.2 Validate the configuration (dry run)", "### 1.3 Run training", "### 1.4 Training outputs",
        "## 2. Evaluating model quality", "### 2.3 Verify determinism", "### 3.1 Local registry", "### 3.2 S3 registry",
        "### 4.1 Generate the proposal", "### 4.2 Submit the proposal", "### 4.3 Vote on the proposal",
        "### 5.2 Emergency rollback", "### 5.3 Governance rollback", "### 5.4 Verify the rollback",
        "## 6. CI integration", "## 7. Troubleshooting", "## 8. Security considerations", "## 9. Configuration reference",
    ];

    private static string Runbook => File.ReadAllText(RepositoryRoot.Combine("docs", "runbook.md"));

    [Fact]
    public void Runbook_HasEverySectionOfTheSeedRunbook()
    {
        string text = Runbook;
        Assert.All(RequiredSections, heading => Assert.Contains("\n" + heading, text, StringComparison.Ordinal));
    }

    [Fact]
    public void Runbook_FencesAreOnlyBashOrText_SoNoCommandEscapesTheTest()
    {
        var languages = Fences(Runbook).Select(f => f.Language).ToList();
        Assert.NotEmpty(languages);
        Assert.All(languages, l => Assert.True(l is "bash" or "text", $"fence language '{l}' is neither bash (run by this test) nor text"));
        Assert.True(languages.Count(l => l == "bash") >= 20, "the runbook should show its commands as bash blocks");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Runbook_EveryBashBlock_RunsInOrder_AndSucceeds()
    {
        using var temp = new TempDirectory("runbook");
        CopyDirectory(RepositoryRoot.Combine("configs"), temp.Combine("configs"));
        string smallConfig = SmallTrainingConfig.Write(temp.Combine("small-training.yaml"), temp.Combine("synth-data"));
        await EnsureLockedBucketAsync();

        var blocks = Fences(Runbook).Where(f => f.Language == "bash").Select(f => f.Body).ToList();
        var script = new StringBuilder();
        // The command as an executable on PATH (not a shell function), so `trustscore serve &`
        // leaves the server's own PID in $! for the block that stops it.
        string bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "trustscore"), "#!/bin/sh\nexec dotnet \"$TRUSTSCORE_DLL\" \"$@\"\n");
        File.SetUnixFileMode(Path.Combine(bin, "trustscore"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        for (int i = 0; i < blocks.Count; i++)
        {
            script.AppendLine($"echo '::runbook block {i + 1}' >&2");
            script.AppendLine(blocks[i]);
        }

        script.AppendLine("echo '::runbook complete' >&2");
        File.WriteAllText(temp.Combine("runbook.sh"), script.ToString());

        var env = new Dictionary<string, string>
        {
            ["TRUSTSCORE_DLL"] = CliProcess.CliDll,
            ["TRUSTSCORE_SAMPLES"] = "1500",
            ["TRUSTSCORE_CONFIG"] = smallConfig,
            ["TRUSTSCORE_S3_ENDPOINT"] = moto.Endpoint,
            ["VEID_DATASET_PATH"] = string.Empty,
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["TRUSTSCORE_SIDECAR_HTTP"] = $"127.0.0.1:{FreeLoopbackPort()}",
            ["TRUSTSCORE_SIDECAR_GRPC"] = $"127.0.0.1:{FreeLoopbackPort()}",
        };
        var (code, stdout, stderr) = BashRun.Run("bash", ["-euo", "pipefail", "runbook.sh"], temp.Path, env, TimeSpan.FromMinutes(8));

        string lastBlock = BlockMarker().Matches(stderr).LastOrDefault()?.Value ?? "before the first block";
        Assert.True(code == 0, $"the runbook failed in {lastBlock} (exit {code}):\n{Tail(stderr)}");
        Assert.Contains("::runbook complete", stderr, StringComparison.Ordinal);
        Assert.Equal(blocks.Count, BlockMarker().Matches(stderr).Count);
        Assert.Contains("determinism verified: sha256:", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("output", "rollback_proposal.json")));
        Assert.True(File.Exists(temp.Combine("artifacts", "models", "rollback_log.jsonl")));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Each fenced block: its language and body, in document order.</summary>
    internal static IReadOnlyList<(string Language, string Body)> Fences(string markdown)
    {
        var fences = new List<(string, string)>();
        string? language = null;
        var body = new StringBuilder();
        foreach (string line in markdown.Split('\n'))
        {
            if (language is null)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    language = line[3..].Trim();
                    body.Clear();
                }
            }
            else if (line.TrimEnd() == "```")
            {
                fences.Add((language, body.ToString()));
                language = null;
            }
            else
            {
                body.Append(line).Append('\n');
            }
        }

        Assert.True(language is null, "docs/runbook.md has an unclosed code fence");
        return fences;
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    // The production bucket exists with Object Lock (runbook §3.2); on moto the test creates it.
    private async Task EnsureLockedBucketAsync()
    {
        using var client = S3ClientFactory.Create(moto.Endpoint, MotoServer.Region, TimeSpan.FromSeconds(30));
        var buckets = await client.ListBucketsAsync(new ListBucketsRequest());
        if (buckets.Buckets?.Any(b => b.BucketName == RunbookBucket) != true)
        {
            try
            {
                await client.PutBucketAsync(new PutBucketRequest { BucketName = RunbookBucket, ObjectLockEnabledForBucket = true });
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "BucketAlreadyOwnedByYou")
            {
                // Another test created it meanwhile.
            }
        }
    }

    [GeneratedRegex("::runbook block [0-9]+")]
    private static partial Regex BlockMarker();
}
