using System.Text.Json.Nodes;
using TrustScore.Config;
using TrustScore.Consensus.Model;
using TrustScore.Data;
using TrustScore.Evaluation;

namespace TrustScore.Export;

/// <summary>
/// What <see cref="Exporter.Export"/> needs to assemble one version directory (runbook §1.4;
/// docs/formats.md §2–3): the consensus weights (BatchNorm folded, feature scaling inside), the facts the
/// manifest records about how they were made, and the evaluation whose gates they passed.
/// </summary>
public sealed record ExportRequest
{
    /// <summary>Directory the version directory is created in (a run's <c>exported_models/</c>).</summary>
    public required string ExportRoot { get; init; }

    /// <summary>The version name; also the version directory's name.</summary>
    public required string Version { get; init; }

    /// <summary>The consensus inference weights exactly as validators will run them.</summary>
    public required MlpWeights Weights { get; init; }

    /// <summary>The resolved training config (its version and digest go into the manifest).</summary>
    public required TrainingConfig Config { get; init; }

    /// <summary>The dataset the model was trained on (digest, split and salt commitments).</summary>
    public required DatasetManifest Dataset { get; init; }

    /// <summary>Real test-split rows added to the conformance vectors, in this order.</summary>
    public required IReadOnlyList<(string Name, float[] Features)> ConformanceRows { get; init; }

    /// <summary>The evaluation of these weights on the test split; every gate must have passed.</summary>
    public required EvaluationResult Evaluation { get; init; }

    /// <summary>Training parameters recorded under the manifest's <c>training</c> key.</summary>
    public required JsonObject TrainingParameters { get; init; }

    /// <summary>A private key file; when given, <c>model.sig</c> is written.</summary>
    public string? SigningKeyPath { get; init; }

    /// <summary>The version directory this one follows; its digest is re-computed before it is recorded.</summary>
    public string? PreviousVersionDir { get; init; }

    /// <summary>Where the weights came from (run directory, checkpoint), recorded in <c>export_metadata.json</c>.</summary>
    public string? Source { get; init; }

    /// <summary>Clock for the export timestamp (which lives only in <c>export_metadata.json</c>).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
