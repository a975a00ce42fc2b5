using System.Text.Json.Nodes;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Train;

/// <summary>
/// One small <c>trustscore train</c> run through the CLI, shared by the train, evaluate and export
/// command tests: 1,500 synthetic records, a [32, 16] network, 3 epochs, lenient gates, signed
/// with a key made by <c>trustscore keygen</c>.
/// </summary>
public sealed class CliRunFixture : IDisposable
{
    public CliRunFixture()
    {
        Temp = new TempDirectory("cli-train");
        DataPath = SyntheticDataset.Generate(Temp.Combine("data"), 1500, 11, SyntheticFormat.Jsonl).Path;
        ConfigPath = SmallTrainingConfig.Write(Temp.Combine("config.yaml"), DataPath);
        var keygen = CliRunner.Run("keygen", "--out", Temp.Combine("keys"), "--json");
        Assert.True(keygen.Code == (int)ExitCode.Ok, keygen.Err);
        var keys = JsonNode.Parse(keygen.Out)!;
        PrivateKey = (string)keys["private_key"]!;
        PublicKey = (string)keys["public_key"]!;
        RunDir = Temp.Combine("run");
        Train = CliRunner.Run("train", "--config", ConfigPath, "--output-dir", RunDir, "--version", "v1", "--signing-key", PrivateKey, "--json");
    }

    public TempDirectory Temp { get; }

    public string DataPath { get; }

    public string ConfigPath { get; }

    public string PrivateKey { get; }

    public string PublicKey { get; }

    public string RunDir { get; }

    public (int Code, string Out, string Err) Train { get; }

    public string VersionDir => Path.Combine(RunDir, "exported_models", "v1");

    public void Dispose() => Temp.Dispose();
}
