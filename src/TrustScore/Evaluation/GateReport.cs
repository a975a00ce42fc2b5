using System.Text.Json.Nodes;

namespace TrustScore.Evaluation;

/// <summary>
/// The verdict of the nine release gates (runbook §2.1). A failed gate is a value here, not an
/// exception: the reports are still written and the command decides what a failure stops.
/// </summary>
/// <param name="Gates">Every gate, in the runbook's order.</param>
public sealed record GateReport(IReadOnlyList<GateResult> Gates)
{
    /// <summary>True when every gate passed.</summary>
    public bool Passed => Gates.All(g => g.Passed);

    /// <summary>The gates that failed, in order.</summary>
    public IReadOnlyList<GateResult> Failed => Gates.Where(g => !g.Passed).ToArray();

    /// <summary>
    /// JSON form: <c>[{name, config_key, description, value, threshold, comparison, margin,
    /// passed}]</c>, one object per gate in order.
    /// </summary>
    public JsonArray ToJson()
    {
        var gates = new JsonArray();
        foreach (var g in Gates)
        {
            gates.Add(new JsonObject
            {
                ["name"] = g.Name,
                ["config_key"] = g.ConfigKey,
                ["description"] = g.Description,
                ["value"] = g.Value,
                ["threshold"] = g.Threshold,
                ["comparison"] = g.ComparisonSymbol,
                ["margin"] = g.Margin,
                ["passed"] = g.Passed,
            });
        }

        return gates;
    }
}
