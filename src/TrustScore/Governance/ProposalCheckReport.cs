using System.Text.Json.Nodes;
using TrustScore.Verification;

namespace TrustScore.Governance;

/// <summary>Every claim of a proposal, checked: one PASS/FAIL line each.</summary>
/// <param name="ProposalPath">The proposal file.</param>
/// <param name="Kind">Register-and-activate or rollback, when the messages say.</param>
/// <param name="Version">The version the proposal is about, when known.</param>
/// <param name="Checks">Each check, in the order they ran.</param>
public sealed record ProposalCheckReport(string ProposalPath, ProposalKind? Kind, string? Version, IReadOnlyList<VerificationCheck> Checks)
{
    /// <summary>True only when every check passed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>The report as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["proposal"] = ProposalPath,
        ["kind"] = Kind switch { ProposalKind.RegisterAndActivate => "register", ProposalKind.Rollback => "rollback", _ => null },
        ["version"] = Version,
        ["passed"] = Passed,
        ["checks"] = new JsonArray([.. Checks.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["passed"] = c.Passed, ["detail"] = c.Detail })]),
    };
}
