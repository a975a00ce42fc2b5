using Microsoft.Extensions.Time.Testing;
using TrustScore.Data;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Tests.Registry;
using TrustScore.Training;

namespace TrustScore.Tests.Pipeline;

/// <summary>
/// One small real training run shared by a test class: 1,500 synthetic records, a [32, 16]
/// network, 3 epochs, lenient gates, signed with a fresh Ed25519 key, at a fixed clock.
/// </summary>
public sealed class SmallRunFixture : IDisposable
{
    /// <summary>The fixed clock of the run: 2026-01-02 03:04:05 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public SmallRunFixture()
    {
        Temp = new TempDirectory("pipeline");
        DataPath = SyntheticDataset.Generate(Temp.Combine("data"), 1500, 7, SyntheticFormat.Jsonl).Path;
        ConfigPath = SmallTrainingConfig.Write(Temp.Combine("config.yaml"), DataPath);
        Key = KeyGenerator.Generate(Temp.Combine("keys"));
        Result = TrainingPipeline.Run(
            new TrainingPipelineOptions { ConfigPath = ConfigPath, OutputDirectory = Temp.Combine("run"), Version = "v1", SigningKeyPath = Key.PrivateKeyPath, Threads = 2 },
            progress: null, status: null, Clock(), CancellationToken.None);
    }

    public TempDirectory Temp { get; }

    public string DataPath { get; }

    public string ConfigPath { get; }

    public KeygenResult Key { get; }

    public TrainingPipelineResult Result { get; }

    /// <summary>The exported version directory.</summary>
    public string VersionDir => Result.Export!.VersionDir;

    public static TimeProvider Clock() => new FakeTimeProvider(Now);

    public void Dispose() => Temp.Dispose();
}
