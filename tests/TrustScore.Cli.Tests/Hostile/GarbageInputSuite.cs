using System.Text;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// The hostile-input suite: every verb fed garbage — random bytes, duplicate keys and deep
/// nesting in every JSON and YAML input, missing files, a directory where a file belongs. A
/// table gives the expected exit code and message fragment per case; every case must end with a
/// code from the documented table (README, "Exit codes") and one sentence, never an unhandled
/// exception or a stack trace.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class GarbageInputSuite : IClassFixture<GarbageInputSuite.Inputs>
{
    private readonly Inputs inputs;

    public GarbageInputSuite(Inputs inputs) => this.inputs = inputs;

    /// <summary>Each case: its arguments ({name} placeholders are files of <see cref="Inputs"/>), the exit code and a fragment of stderr.</summary>
    public static TheoryData<string, int, string> Table => new()
    {
        { "dataset inspect {bytes}", 3, "" },
        { "dataset inspect {dup.jsonl}", 3, "Duplicate property" },
        { "dataset inspect {deep.jsonl}", 3, "depth" },
        { "train --config {bytes} --dry-run", 3, "" },
        { "train --config {dup.yaml} --dry-run", 3, "Duplicate key" },
        { "train --config {deep.yaml} --dry-run", 3, "nesting deeper than 64 levels" },
        { "train --config {dir} --dry-run", 3, "" },
        { "export --run-dir {badrun} --version v1", 3, "Duplicate property" },
        { "export --run-dir {badrun} --checkpoint {bytes} --version v1", 3, "" },
        { "evaluate --model {badversion} --dataset {bytes} --config {dup.yaml}", 3, "" },
        { "hash {missing}", 3, "" },
        { "sign --model {badversion} --key {bytes}", 3, "" },
        { "verify --model {badversion} --public-key {bytes}", 3, "" },
        { "verify-determinism --model {badversion}", 5, "" },
        { "score --model {badversion} --input {bytes}", 3, "unknown input format" },
        { "score --model {badversion} --input {dup.jsonl}", 5, "" },
        { "publish --model {badversion} --registry {reg}", 5, "Duplicate property" },
        { "publish --model {bytes} --registry {reg}", 3, "" },
        { "registry list --registry {badreg} --verify", 0, "" },
        { "registry show v1 --registry {badreg} --verify", 5, "" },
        { "proposal create --manifest {dup.json} --model-url s3://b/k.tar.gz", 3, "Duplicate property" },
        { "proposal submit {dup.json} --from v --dry-run", 3, "Duplicate property" },
        { "proposal submit {deep.json} --from v --dry-run", 3, "depth" },
        { "proposal rollback --registry {badreg} --to v1 --reason r --chain {dup.yaml}", 3, "Duplicate key" },
        { "proposal rollback --registry {badreg} --to v1 --reason r --chain {deep.yaml}", 3, "nesting deeper" },
        { "rollback list --registry {badreg} --active {missing}", 0, "" },
        { "rollback current --registry {badreg} --active {bytes}", 3, "not a symbolic link" },
        { "rollback to v1 --registry {badreg} --active {missing}", 5, "" },
        { "rollback verify v1 --registry {badreg}", 5, "" },
        { "rollback proposal --registry {badreg} --to v1 --reason r --out {outdir}", 5, "does not verify, so no rollback proposal was written" },
        { "proposal rollback --registry {badreg} --to v1 --reason r", 5, "Duplicate property 'version'" },
        { "audit verify --registry {badlog}", 5, "Line 1" },
        { "audit show --registry {badlog}", 0, "" },
        { "serve --active {bytes}", 3, "not a symbolic link" },
        { "quickstart --config {dup.yaml} --dir {outdir2}", 3, "Duplicate key" },
        { "keygen --out {bytes}", 3, "is a file" },
        { "version --bogus", 2, "" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void EveryVerb_OnGarbage_EndsWithItsDocumentedCode_AndOneSentence(string command, int expectedCode, string fragment)
    {
        var (code, _, err) = Run(command);

        Assert.True(code == expectedCode, $"{command}: exit {code}, expected {expectedCode}; stderr: {err}");
        Assert.Contains(fragment, err, StringComparison.Ordinal);
        AssertNoStackTrace(command, err);
    }

    /// <summary>Every verb and sub-verb, each option pointed at each kind of garbage: only documented codes, never a stack trace.</summary>
    [Fact]
    public void EveryVerb_OnEveryKindOfGarbage_NeverEndsOutsideTheExitCodeTable()
    {
        string[] verbs =
        [
            "dataset inspect {g}", "train --config {g} --dry-run", "evaluate --model {g} --dataset {g} --config {g}",
            "export --run-dir {g} --version v1", "hash {g}", "sign --model {g} --key {g}", "verify --model {g} --public-key {g}",
            "verify-determinism --model {g}", "score --model {g} --input {g}", "publish --model {g} --registry {reg}",
            "registry list --registry {g} --verify", "registry show v1 --registry {g} --verify", "proposal create --manifest {g} --model-url s3://b/k.tar.gz",
            "proposal submit {g} --from v --dry-run", "proposal rollback --registry {g} --to v1 --reason r --chain {g}",
            "rollback list --registry {g}", "rollback current --registry {g} --active {g}", "rollback to v1 --registry {g} --active {g}",
            "rollback verify v1 --registry {g}", "audit verify --registry {g}", "audit show --registry {g}", "serve --active {g}",
        ];
        string[] garbage = ["{bytes}", "{dup.json}", "{deep.json}", "{dup.yaml}", "{deep.yaml}", "{missing}", "{dir}", "{empty}", "{badversion}", "{badreg}", "{badlog}"];
        var failures = new List<string>();
        foreach (string verb in verbs)
        {
            foreach (string g in garbage)
            {
                string command = verb.Replace("{g}", g, StringComparison.Ordinal);
                try
                {
                    var (code, _, err) = Run(command);
                    if (code is < 0 or > 10 || err.Contains("   at ", StringComparison.Ordinal) || err.Contains("Unhandled exception", StringComparison.Ordinal) || err.Contains("error: unexpected ", StringComparison.Ordinal))
                    {
                        failures.Add($"{command}: exit {code}: {err.Trim()}");
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"{command}: unhandled {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private (int Code, string Out, string Err) Run(string command) =>
        CliRunner.Run([.. command.Split(' ').Select(inputs.Expand)]);

    private static void AssertNoStackTrace(string command, string err)
    {
        Assert.False(err.Contains("   at ", StringComparison.Ordinal), $"{command}: stack trace on stderr: {err}");
        Assert.DoesNotContain("Unhandled exception", err, StringComparison.Ordinal);
    }

    /// <summary>The garbage files, made once for the suite.</summary>
    public sealed class Inputs : IDisposable
    {
        private readonly TempDirectory tmp = new("hostile-garbage");
        private readonly Dictionary<string, string> names = [];

        public Inputs()
        {
            var random = new Random(1234);
            byte[] bytes = new byte[4096];
            random.NextBytes(bytes);
            string deepJson = new string('[', 100_000) + new string(']', 100_000);
            File.WriteAllBytes(Add("bytes", "garbage.bin"), bytes);
            File.WriteAllText(Add("dup.json", "dup.json"), "{\"a\":1,\"a\":2}");
            File.WriteAllText(Add("dup.jsonl", "dup.jsonl"), "{\"a\":1,\"a\":2}\n");
            File.WriteAllText(Add("deep.json", "deep.json"), deepJson);
            File.WriteAllText(Add("deep.jsonl", "deep.jsonl"), deepJson + "\n");
            File.WriteAllText(Add("dup.yaml", "dup.yaml"), "model:\n  epochs: 3\nmodel:\n  epochs: 4\n");
            File.WriteAllText(Add("deep.yaml", "deep.yaml"), "model: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
            File.WriteAllText(Add("empty", "empty.json"), string.Empty);
            Directory.CreateDirectory(Add("dir", "a-directory"));
            Add("missing", "does-not-exist");
            Add("reg", "registry");
            Add("outdir", "out");
            Add("outdir2", "quickstart");

            // A version directory whose manifest repeats a key.
            string version = VersionDirectoryFixture.Write(tmp.Combine("versions"), "v1", "w");
            string manifest = Path.Combine(version, "manifest.json");
            string text = File.ReadAllText(manifest);
            File.WriteAllText(manifest, "{\"schema\":\"x\"," + text[(text.IndexOf('{', StringComparison.Ordinal) + 1)..]);
            names["badversion"] = version;

            // A registry with v1 published, then its metadata given a duplicate key.
            string badReg = Add("badreg", "badreg");
            Assert.Equal(0, CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("v-src"), "v1", "w1"), "--registry", badReg).Code);
            string metadata = Path.Combine(badReg, "v1", "metadata.json");
            File.SetUnixFileMode(Path.Combine(badReg, "v1"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetAttributes(metadata, FileAttributes.Normal);
            string meta = File.ReadAllText(metadata);
            File.WriteAllText(metadata, "{\"version\":\"v9\"," + meta[(meta.IndexOf('{', StringComparison.Ordinal) + 1)..]);

            // A registry whose audit log's first line repeats a key.
            string badLog = Add("badlog", "badlog");
            Directory.CreateDirectory(badLog);
            File.WriteAllText(Path.Combine(badLog, "rollback_log.jsonl"), "{\"seq\":1,\"seq\":1}\n", Encoding.UTF8);

            // A training run whose record repeats a key.
            string run = Add("badrun", "badrun");
            Directory.CreateDirectory(run);
            File.WriteAllText(Path.Combine(run, "training_config.json"), "{\"config_digest\":\"a\",\"config_digest\":\"b\"}");
        }

        public string Expand(string token)
        {
            foreach (var (name, path) in names)
            {
                token = token.Replace("{" + name + "}", path, StringComparison.Ordinal);
            }

            return token;
        }

        public void Dispose() => tmp.Dispose();

        private string Add(string name, string file) => names[name] = tmp.Combine(file);
    }
}
