using System.Text.Json.Nodes;

namespace TrustScore.Governance;

/// <summary>
/// The <c>submit-proposal</c> file of a <see cref="GovProposal"/> (Cosmos SDK gov v1): <c>messages</c>
/// as proto3-JSON <c>Any</c>s, <c>metadata</c>, <c>deposit</c>, <c>title</c>, <c>summary</c> and, for
/// SDK 0.50+, <c>expedited</c>. Written with the canonical JSON rule, so the same proposal always
/// has the same bytes.
/// </summary>
public static class ProposalJson
{
    /// <summary>The proposal file as a JSON object.</summary>
    public static JsonObject ToJson(GovProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var messages = new JsonArray();
        foreach (var message in proposal.Messages)
        {
            messages.Add(JsonNode.Parse(VeidMessages.ToJson(message)));
        }

        var obj = new JsonObject
        {
            ["messages"] = messages,
            ["metadata"] = proposal.Metadata,
            ["deposit"] = proposal.Deposit,
            ["title"] = proposal.Title,
            ["summary"] = proposal.Summary,
        };
        if (proposal.Expedited is bool expedited)
        {
            obj["expedited"] = expedited;
        }

        return obj;
    }
}
