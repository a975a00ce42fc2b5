using System.Text.Json.Nodes;
using TrustScore.Config;
using TrustScore.Data;
using TrustScore.Evaluation;
using TrustScore.Export;

namespace TrustScore.Training;

/// <summary>
/// What a <c>train</c> (or <c>export</c>) run produced: the run directory, the evaluation of the
/// candidate on the test split with the consensus scorer, the reports, and the exported version
/// directory when every gate passed (runbook §1.4, §2).
/// </summary>
public sealed record TrainingPipelineResult
{
    /// <summary>The run's output directory (full path).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The version name the candidate was (or would have been) exported as.</summary>
    public required string Version { get; init; }

    /// <summary>The resolved config.</summary>
    public required TrainingConfig Config { get; init; }

    /// <summary>The dataset's manifest.</summary>
    public required DatasetManifest Dataset { get; init; }

    /// <summary>The training run; null for a re-export of a checkpoint.</summary>
    public TrainingResult? Training { get; init; }

    /// <summary>The checkpoint the weights came from.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>SHA-256 of the trained network's tensors (docs/numerics-training.md §7).</summary>
    public required string WeightsDigest { get; init; }

    /// <summary>Metrics and gates on the test split.</summary>
    public required EvaluationResult Evaluation { get; init; }

    /// <summary>The three evaluation reports.</summary>
    public required EvaluationReportFiles Reports { get; init; }

    /// <summary>The exported version; null when a gate failed.</summary>
    public ExportResult? Export { get; init; }

    /// <summary>True when every gate passed (and so the model was exported).</summary>
    public bool GatesPassed => Evaluation.Passed;

    /// <summary>The <c>--json</c> document.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["output_dir"] = OutputDirectory,
            ["version"] = Version,
            ["config_digest"] = Config.Digest,
            ["dataset_digest"] = Dataset.DatasetDigest,
            ["checkpoint"] = Checkpoint,
            ["weights_digest"] = WeightsDigest,
            ["gates_passed"] = GatesPassed,
            ["gates"] = Evaluation.Gates.ToJson(),
            ["metrics"] = Evaluation.Metrics.ToJson(),
            ["reports"] = new JsonObject { ["text"] = Reports.TextReport, ["metrics"] = Reports.MetricsJson, ["html"] = Reports.HtmlReport },
            ["exported"] = Export is null ? null : new JsonObject
            {
                ["version_dir"] = Export.VersionDir,
                ["root"] = Export.Root,
                ["signed"] = Export.Signature is not null,
                ["conformance_vectors"] = Export.ConformanceVectors,
            },
        };
        if (Training is not null)
        {
            json["training"] = new JsonObject
            {
                ["epochs_run"] = Training.History.Count,
                ["weights_epoch"] = Training.WeightsEpoch,
                ["stopped_epoch"] = Training.StoppedEpoch,
            };
        }

        return json;
    }
}
