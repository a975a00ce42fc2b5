using System.Text.Json.Nodes;
using TrustScore.IO;

namespace TrustScore.Governance;

/// <summary>
/// The off-chain proposal metadata (Cosmos SDK gov v1 convention; docs/governance.md), written as
/// canonical JSON to <c>proposal_metadata.json</c>. The proposal's on-chain <c>metadata</c> field
/// holds only its URI and SHA-256, because the chain limits that field to a few hundred characters.
/// </summary>
/// <param name="Title">Same as the proposal title.</param>
/// <param name="Authors">Who prepared the proposal.</param>
/// <param name="Summary">Same as the proposal summary.</param>
/// <param name="Details">Markdown: metrics, comparison with the previous model, verification steps, rollback plan.</param>
/// <param name="ProposalForumUrl">Discussion thread, or empty.</param>
/// <param name="VoteOptionContext">What yes / no / abstain / no_with_veto mean for this proposal.</param>
public sealed record ProposalMetadata(
    string Title,
    IReadOnlyList<string> Authors,
    string Summary,
    string Details,
    string ProposalForumUrl,
    string VoteOptionContext)
{
    /// <summary>The JSON object with the field names the gov metadata convention uses.</summary>
    public JsonObject ToJson() => new()
    {
        ["title"] = Title,
        ["authors"] = new JsonArray([.. Authors.Select(a => (JsonNode?)JsonValue.Create(a))]),
        ["summary"] = Summary,
        ["details"] = Details,
        ["proposal_forum_url"] = ProposalForumUrl,
        ["vote_option_context"] = VoteOptionContext,
    };

    /// <summary>The canonical bytes written to disk; their SHA-256 goes into the proposal's metadata field.</summary>
    public byte[] ToCanonicalBytes() => CanonicalJson.ToUtf8Bytes(ToJson());
}
