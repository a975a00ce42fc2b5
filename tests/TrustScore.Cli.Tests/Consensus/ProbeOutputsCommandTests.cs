using System.Text.Json;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Consensus;

/// <summary>
/// Cross-process determinism (docs/numerics.md §10): separate processes, thread counts,
/// batch sizes and JIT ISA switches must all print the same output digest for the same model.
/// </summary>
public sealed class ProbeOutputsCommandTests : IClassFixture<ProbeOutputsCommandTests.ModelFixture>
{
    private readonly ModelFixture model;

    public ProbeOutputsCommandTests(ModelFixture model) => this.model = model;

    /// <summary>A real-shape model (768→512→256→128→64→1, normalisation) with random weights, on disk.</summary>
    public sealed class ModelFixture : IDisposable
    {
        private readonly TempDirectory dir = new("probe");

        public ModelFixture()
        {
            var weights = TestModels.Random(TestModels.RealWidths, 2024, normalization: true);
            ModelPath = dir.Combine("model.onnx");
            File.WriteAllBytes(ModelPath, OnnxModelWriter.Write(weights));
            var conformance = ConformanceVectors.Generate(Scorer.LoadFile(ModelPath));
            ConformancePath = dir.Combine("conformance.json");
            File.WriteAllBytes(ConformancePath, TrustScore.IO.CanonicalJson.ToUtf8Bytes(conformance.ToJson()));
        }

        public string ModelPath { get; }

        public string ConformancePath { get; }

        public string Combine(string name) => dir.Combine(name);

        public void Dispose() => dir.Dispose();
    }

    private (string Outputs, string Scores, string Kernel) Probe(string[] extra, IReadOnlyDictionary<string, string>? env = null)
    {
        var result = CliProcess.Run(["probe-outputs", "--model", this.model.ModelPath, .. extra], env);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
        using var doc = JsonDocument.Parse(result.StdOut);
        var root = doc.RootElement;
        return (root.GetProperty("outputs_sha256").GetString()!, root.GetProperty("scores_sha256").GetString()!, root.GetProperty("kernel_path").GetString()!);
    }

    [Fact]
    public void SeparateProcesses_ThreadCounts_AndBatchSizes_GiveTheSameDigest()
    {
        var reference = Probe(["--rows", "1024"]);
        Assert.Equal(reference, Probe(["--rows", "1024"]));
        foreach (var threads in new[] { "2", "4" })
        {
            Assert.Equal(reference.Outputs, Probe(["--rows", "1024", "--threads", threads]).Outputs);
        }

        foreach (var batch in new[] { "1", "7", "64" })
        {
            Assert.Equal(reference.Outputs, Probe(["--rows", "1024", "--batch", batch, "--threads", batch == "7" ? "2" : "1"]).Outputs);
        }
    }

    [Theory]
    [InlineData("DOTNET_EnableAVX512F")]
    [InlineData("DOTNET_EnableAVX512")]
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public void IsaSwitchedOff_GivesTheSameDigest(string variable)
    {
        var reference = Probe(["--rows", "192", "--batch", "64"]);
        var narrowed = Probe(["--rows", "192", "--batch", "64"], new Dictionary<string, string> { [variable] = "0" });
        Assert.Equal(reference.Outputs, narrowed.Outputs);
        Assert.Equal(reference.Scores, narrowed.Scores);
        // Proves each switch really reached the kernel selection (on a machine with AVX-512). In
        // .NET 10 DOTNET_EnableAVX512F=0 no longer disables AVX-512 (measured: Vector512 stays
        // accelerated); DOTNET_EnableAVX512=0 is the switch that does, so both are run.
        if (reference.Kernel == "Vector512" && variable != "DOTNET_EnableAVX512F")
        {
            Assert.Equal(variable == "DOTNET_EnableAVX512" ? "Vector256" : "Scalar", narrowed.Kernel);
        }
    }

    [Fact]
    public void Conformance_PassingFile_Accepted()
    {
        var (code, stdout, stderr) = CliRunner.Run("probe-outputs", "--model", this.model.ModelPath, "--rows", "8", "--conformance", this.model.ConformancePath);
        Assert.True(code == (int)ExitCode.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("conformance_vectors_checked").GetInt32() >= 24);
    }

    [Fact]
    public void Conformance_TamperedFile_ExitsVerificationFailed()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(this.model.ConformancePath))!;
        var first = json["vectors"]![0]!;
        uint bits = Convert.ToUInt32((string)first["output_bits"]!, 16) ^ 1u;
        first["output_bits"] = bits.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        string path = this.model.Combine("tampered.json");
        File.WriteAllText(path, json.ToJsonString());
        var (code, stdout, stderr) = CliRunner.Run("probe-outputs", "--model", this.model.ModelPath, "--rows", "8", "--conformance", path);
        Assert.Equal(5, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("conformance", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageModel_ExitsBadInput()
    {
        string path = this.model.Combine("garbage.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var (code, _, stderr) = CliRunner.Run("probe-outputs", "--model", path);
        Assert.Equal(3, code);
        Assert.Contains("model.onnx is not", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModelOrBadRows_ExitsBadInput()
    {
        Assert.Equal((int)ExitCode.BadInput, CliRunner.Run("probe-outputs", "--model", this.model.Combine("absent.onnx")).Code);
        Assert.Equal((int)ExitCode.BadInput, CliRunner.Run("probe-outputs", "--model", this.model.ModelPath, "--rows", "0").Code);
    }
}
