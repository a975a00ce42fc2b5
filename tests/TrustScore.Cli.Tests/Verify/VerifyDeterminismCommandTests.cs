using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Cli.Tests.Scoring;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Verify;

/// <summary>
/// <c>trustscore verify-determinism</c> (runbook §2.3): separate processes with ISA switches,
/// thread counts and batch sizes agree on a good model; a perturbed conformance file makes it fail
/// with the determinism exit code, naming the process.
/// </summary>
public sealed class VerifyDeterminismCommandTests : IDisposable
{
    private static readonly SmallModel Model = SmallModel.Create();
    private readonly TempDirectory temp = new("cli-determinism");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void GoodModel_AllProcessesAgree_IncludingIsaSwitches()
    {
        string version = ScorableVersionFixture.Write(temp.Path, "1.2.0", Model.Onnx, Model.Conformance);

        var (code, stdout, err) = CliRunner.Run("verify-determinism", "--model", version, "--runs", "5", "--rows", "48", "--json");

        Assert.True(code == (int)ExitCode.Ok, err);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        var processes = root.GetProperty("processes").EnumerateArray().ToList();
        Assert.Equal(5, processes.Count);
        string reference = root.GetProperty("reference_outputs_sha256").GetString()!;
        Assert.All(processes, p => Assert.Equal(reference, p.GetProperty("outputs_sha256").GetString()));
        Assert.All(processes, p => Assert.True(p.GetProperty("conformance_vectors_checked").GetInt32() > 0));
        var switches = processes.SelectMany(p => p.GetProperty("environment").EnumerateObject().Select(e => e.Name)).ToHashSet();
        Assert.Superset(new HashSet<string> { "DOTNET_EnableAVX512F", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" }, switches);
        Assert.Contains(processes, p => p.GetProperty("threads").GetInt32() == 2);
        Assert.True(processes.Select(p => p.GetProperty("batch").GetInt32()).Distinct().Count() >= 3);
        Assert.Contains(processes, p => p.GetProperty("kernel_path").GetString() != processes[0].GetProperty("kernel_path").GetString());
        Assert.Contains("deterministic", err, StringComparison.Ordinal);
    }

    [Fact]
    public void PerturbedConformanceFile_FailsWithDeterminismExit_NamingTheProcess()
    {
        string version = ScorableVersionFixture.Write(temp.Path, "1.2.0", Model.Onnx, Model.Conformance);
        string conformancePath = Path.Combine(version, "model", "conformance.json");
        var conformance = JsonNode.Parse(File.ReadAllText(conformancePath))!;
        var vector = conformance["vectors"]![0]!;
        uint bits = Convert.ToUInt32((string)vector["output_bits"]!, 16) ^ 1u; // one ulp off
        vector["output_bits"] = bits.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        vector["output"] = BitConverter.UInt32BitsToSingle(bits).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(conformancePath, conformance.ToJsonString());
        ScorableVersionFixture.Reseal(version); // the digest is consistent: only the vectors are wrong

        var (code, stdout, err) = CliRunner.Run("verify-determinism", "--model", version, "--runs", "2", "--rows", "8");

        Assert.Equal(7, code);
        Assert.Contains("process #1", err, StringComparison.Ordinal);
        Assert.Contains("conformance", err, StringComparison.Ordinal);
        Assert.Contains("FAILED", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TamperedModel_IsRefusedBeforeAnyProcessStarts()
    {
        string version = ScorableVersionFixture.Write(temp.Path, "1.2.0", Model.Onnx, Model.Conformance);
        VersionDirectoryFixture.FlipBit(Path.Combine(version, "model", "model.onnx"), 10);

        var (code, _, err) = CliRunner.Run("verify-determinism", "--model", version, "--runs", "2", "--rows", "8");

        Assert.Equal(5, code);
        Assert.Contains("model.onnx", err, StringComparison.Ordinal);
    }

    [Fact]
    public void OneRun_IsBadInput()
    {
        string version = ScorableVersionFixture.Write(temp.Path, "1.2.0", Model.Onnx, Model.Conformance);

        var (code, _, err) = CliRunner.Run("verify-determinism", "--model", version, "--runs", "1");

        Assert.Equal(3, code);
        Assert.Contains("--runs", err, StringComparison.Ordinal);
    }
}
