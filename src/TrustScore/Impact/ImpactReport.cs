using System.Text.Json.Nodes;

namespace TrustScore.Impact;

/// <summary>
/// What changes if the to model replaces the from model, on the same records
/// (docs/governance.md, "Impact report"). <see cref="ToJson"/> is the canonical
/// <c>impact_report.json</c> whose SHA-256 a proposal links.
/// </summary>
public sealed record ImpactReport
{
    /// <summary>JSON schema name.</summary>
    public const string Schema = "trustscore.impact/v1";

    /// <summary>The model in force now.</summary>
    public required ImpactModel From { get; init; }

    /// <summary>The proposed model.</summary>
    public required ImpactModel To { get; init; }

    /// <summary>The dataset path as given.</summary>
    public required string DatasetPath { get; init; }

    /// <summary>"all records" or "test split".</summary>
    public required string Selection { get; init; }

    /// <summary>The chain profile whose thresholds are reported.</summary>
    public required string ChainProfile { get; init; }

    /// <summary>Records scored by both models.</summary>
    public required int Records { get; init; }

    /// <summary>(delta, count) for every integer score change that occurs, including 0, ascending.</summary>
    public required IReadOnlyList<(int Delta, int Count)> ChangeHistogram { get; init; }

    /// <summary>Per chain threshold, lowest first.</summary>
    public required IReadOnlyList<ThresholdImpact> Thresholds { get; init; }

    /// <summary>Evaluation metrics of both models on the records.</summary>
    public required IReadOnlyList<ImpactMetric> Metrics { get; init; }

    /// <summary>The largest changes: |delta| descending, then sample id (ordinal).</summary>
    public required IReadOnlyList<ScoreChange> LargestChanges { get; init; }

    /// <summary>Records whose integer score changes.</summary>
    public int Changed => ChangeHistogram.Where(h => h.Delta != 0).Sum(h => h.Count);

    /// <summary>Records whose integer score goes up.</summary>
    public int Increased => ChangeHistogram.Where(h => h.Delta > 0).Sum(h => h.Count);

    /// <summary>Records whose integer score goes down.</summary>
    public int Decreased => ChangeHistogram.Where(h => h.Delta < 0).Sum(h => h.Count);

    /// <summary>Mean |to − from| over all records.</summary>
    public double MeanAbsoluteChange => Records == 0 ? 0 : ChangeHistogram.Sum(h => (double)Math.Abs(h.Delta) * h.Count) / Records;

    /// <summary>The report as JSON (write it with the canonical JSON rule).</summary>
    public JsonObject ToJson() => new()
    {
        ["schema"] = Schema,
        ["from"] = Model(From),
        ["to"] = Model(To),
        ["dataset"] = new JsonObject { ["path"] = DatasetPath, ["selection"] = Selection, ["records"] = Records },
        ["chain_profile"] = ChainProfile,
        ["score_changes"] = new JsonObject
        {
            ["changed"] = Changed,
            ["unchanged"] = Records - Changed,
            ["increased"] = Increased,
            ["decreased"] = Decreased,
            ["mean_abs_change"] = MeanAbsoluteChange,
            ["histogram"] = new JsonArray([.. ChangeHistogram.Select(h => (JsonNode?)new JsonObject { ["delta"] = h.Delta, ["count"] = h.Count })]),
        },
        ["thresholds"] = new JsonArray([.. Thresholds.Select(t => (JsonNode?)new JsonObject
        {
            ["name"] = t.Name,
            ["min_score"] = t.MinScore,
            ["passing_before"] = t.PassingBefore,
            ["passing_after"] = t.PassingAfter,
            ["crossed_up"] = t.CrossedUp,
            ["crossed_down"] = t.CrossedDown,
            ["by_document_type"] = Groups(t.ByDocumentType),
            ["by_population"] = Groups(t.ByPopulation),
        })]),
        ["metrics"] = new JsonArray([.. Metrics.Select(m => (JsonNode?)new JsonObject { ["name"] = m.Name, ["from"] = m.From, ["to"] = m.To, ["delta"] = m.Delta })]),
        ["largest_changes"] = new JsonArray([.. LargestChanges.Select(c => (JsonNode?)new JsonObject
        {
            ["sample_id"] = c.SampleId,
            ["document_type"] = c.DocumentType,
            ["population"] = c.IsGenuine ? "genuine" : "fraud",
            ["label"] = c.Label,
            ["from_score"] = c.FromScore,
            ["to_score"] = c.ToScore,
            ["delta"] = c.Delta,
        })]),
    };

    private static JsonObject Model(ImpactModel m) => new() { ["version"] = m.Version, ["root"] = m.Root };

    private static JsonArray Groups(IReadOnlyList<ImpactGroupCrossing> groups) =>
        new([.. groups.Select(g => (JsonNode?)new JsonObject { ["group"] = g.Group, ["records"] = g.Records, ["crossed_up"] = g.CrossedUp, ["crossed_down"] = g.CrossedDown })]);
}
