using System.Globalization;
using System.Text;

namespace TrustScore.Quickstart;

/// <summary>
/// The training config the quickstart writes: the production architecture and the runbook's
/// release gates (§2.2) from <c>configs/trust_score_v1.yaml</c>, fewer epochs, and
/// <c>min_test_samples</c> scaled to the generated data so a small run can still pass honestly.
/// Every key not written here takes its documented default (docs/configuration.md).
/// </summary>
public static class QuickstartConfig
{
    /// <summary>Training epochs unless <c>--epochs</c> says otherwise.</summary>
    public const int DefaultEpochs = 6;

    /// <summary>The runbook's minimum test-split size; the quickstart lowers it only for small data.</summary>
    public const int RunbookMinTestSamples = 1000;

    /// <summary>
    /// <c>min_test_samples</c> for <paramref name="samples"/> generated records: the runbook's 1,000,
    /// or 1/16 of the records when that is less (the test split keeps about 8% of them after filtering
    /// and balancing), so the default 20,000 records meet the runbook's own threshold.
    /// </summary>
    public static int MinTestSamples(int samples) => Math.Min(RunbookMinTestSamples, Math.Max(50, samples / 16));

    /// <summary>The YAML text.</summary>
    /// <param name="samples">Generated records (sets <c>min_test_samples</c>).</param>
    /// <param name="epochs">Training epochs.</param>
    /// <param name="seed">Seed for initialisation, shuffling and dropout (two versions differ only by it).</param>
    public static string Yaml(int samples, int epochs, int seed)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# Written by 'trustscore quickstart'. The production architecture and release gates of");
        yaml.AppendLine("# configs/trust_score_v1.yaml; fewer epochs; min_test_samples scaled to the synthetic data.");
        yaml.AppendLine("config_version: \"1.0.0-quickstart\"");
        yaml.AppendLine("experiment_name: \"trust_score_quickstart\"");
        yaml.AppendLine("dataset:");
        yaml.AppendLine("  data_paths: [\"${VEID_DATASET_PATH}\"]");
        yaml.AppendLine("model:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  epochs: {epochs}");
        yaml.AppendLine("evaluation:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  min_test_samples: {MinTestSamples(samples)}");
        yaml.AppendLine("determinism:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  random_seed: {seed}");
        return yaml.ToString();
    }
}
