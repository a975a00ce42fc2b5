using System.Globalization;
using System.Text;

namespace TrustScore.TestSupport;

/// <summary>
/// Writes a training config for fast end-to-end tests: a small network, few epochs, a small
/// test split allowed, and either lenient gates (the run exports, so export, sign and verify can
/// be exercised) or the runbook's real thresholds (a weakened run that must fail them). Every
/// key not written here takes the default of configs/trust_score_v1.yaml.
/// </summary>
public static class SmallTrainingConfig
{
    /// <summary>Writes the config to <paramref name="path"/> and returns the path.</summary>
    /// <param name="path">Where to write the YAML.</param>
    /// <param name="dataPath">The dataset file or directory.</param>
    /// <param name="epochs">Training epochs.</param>
    /// <param name="realGates">True: the runbook's nine thresholds (only min_test_samples lowered to 50). False: thresholds any model that learned something passes (R² > 0.001).</param>
    /// <param name="hiddenLayers">Hidden widths.</param>
    public static string Write(string path, string dataPath, int epochs = 3, bool realGates = false, string hiddenLayers = "[32, 16]")
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("config_version: \"1.0.0-test\"");
        yaml.AppendLine("dataset:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  data_paths: [\"{dataPath}\"]");
        yaml.AppendLine("  min_samples_per_class: 10");
        yaml.AppendLine("model:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  hidden_layers: {hiddenLayers}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  epochs: {epochs}");
        yaml.AppendLine("  batch_size: 64");
        yaml.AppendLine("evaluation:");
        if (realGates)
        {
            yaml.AppendLine("  min_test_samples: 50");
        }
        else
        {
            yaml.AppendLine("  min_r2: 0.001");
            yaml.AppendLine("  max_mae: 100.0");
            yaml.AppendLine("  max_rmse: 100.0");
            yaml.AppendLine("  min_accuracy_5: 0.0");
            yaml.AppendLine("  min_accuracy_10: 0.0");
            yaml.AppendLine("  min_accuracy_20: 0.0");
            yaml.AppendLine("  max_p95_error: 100.0");
            yaml.AppendLine("  max_mean_bias: 100.0");
            yaml.AppendLine("  min_test_samples: 50");
        }

        File.WriteAllText(path, yaml.ToString());
        return path;
    }
}
