using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.Governance.Veid;

namespace TrustScore.Governance;

/// <summary>
/// Validates a <c>submit-proposal</c> file offline, the way the chain would (the chain CLI is not
/// available here): known top-level fields only; every message parses through the compiled veid
/// definitions (unknown <c>@type</c> or field → refused); every authority is a checksum-valid
/// address with the profile's prefix and equals the derived gov module address; sha256_hash is
/// 64 hex; deposit in the bond denom and at least the minimum; every length limit respected;
/// <c>expedited</c> only for SDK 0.50+.
/// </summary>
public static partial class ProposalValidator
{
    private static readonly string[] Fields = ["messages", "metadata", "deposit", "title", "summary", "expedited"];

    /// <summary>Reads and validates the proposal file at <paramref name="path"/>.</summary>
    /// <exception cref="BadInputException">The file is missing or does not pass (the message names the field).</exception>
    public static ValidatedProposal ValidateFile(string path, ChainProfile profile)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"proposal file '{path}' does not exist.");
        }

        JsonNode? node;
        try
        {
            node = StrictJson.ParseNode(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"proposal file '{path}' is not valid JSON: {ex.Message}", ex);
        }

        return Validate(node as JsonObject ?? throw new BadInputException($"proposal file '{path}' must be a JSON object."), profile);
    }

    /// <summary>Validates a proposal JSON object for <paramref name="profile"/>.</summary>
    /// <exception cref="BadInputException">It does not pass (the message names the field or limit).</exception>
    public static ValidatedProposal Validate(JsonObject proposal, ChainProfile profile)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(profile);
        foreach (var (key, _) in proposal)
        {
            if (!Fields.Contains(key, StringComparer.Ordinal))
            {
                throw new BadInputException($"proposal has unknown field '{key}' (a gov v1 proposal file has {string.Join(", ", Fields)}).");
            }
        }

        if (proposal["messages"] is not JsonArray messages || messages.Count == 0)
        {
            throw new BadInputException("proposal field 'messages' must be a non-empty array.");
        }

        var decoded = new List<IMessage>();
        for (int i = 0; i < messages.Count; i++)
        {
            decoded.Add(ValidateMessage(messages[i], i, profile));
        }

        string metadata = Text(proposal, "metadata", allowEmpty: true);
        ProposalBuilder.RequireWithin("metadata", metadata, profile.MaxMetadataLength, "limits.metadata");
        string title = Text(proposal, "title", allowEmpty: false);
        ProposalBuilder.RequireWithin("title", title, profile.MaxTitleLength, "limits.title");
        string summary = Text(proposal, "summary", allowEmpty: false);
        ProposalBuilder.RequireWithin("summary", summary, profile.MaxSummaryLength, "limits.summary");

        var deposit = Coin.Parse(Text(proposal, "deposit", allowEmpty: false), "proposal deposit");
        if (deposit.Denom != profile.BondDenom)
        {
            throw new BadInputException($"proposal deposit '{deposit}' is not in '{profile.BondDenom}', the deposit denom of chain '{profile.ChainId}'.");
        }

        if (deposit.Amount < profile.MinDeposit.Amount)
        {
            throw new BadInputException($"proposal deposit '{deposit}' is below the chain's minimum deposit {profile.MinDeposit}.");
        }

        bool? expedited = null;
        if (proposal["expedited"] is { } e)
        {
            if (!profile.EmitsExpedited)
            {
                throw new BadInputException($"proposal field 'expedited' does not exist in Cosmos SDK {profile.SdkVersion} (chain profile '{profile.Name}').");
            }

            expedited = e is JsonValue v && v.TryGetValue<bool>(out bool b)
                ? b
                : throw new BadInputException("proposal field 'expedited' must be true or false.");
        }

        return new ValidatedProposal(decoded, metadata, deposit, title, summary, expedited);
    }

    private static IMessage ValidateMessage(JsonNode? node, int index, ChainProfile profile)
    {
        string where = $"messages[{index}]";
        if (node is not JsonObject obj || obj["@type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out string? typeUrl))
        {
            throw new BadInputException($"{where} must be an object with an '@type'.");
        }

        if (!typeUrl.StartsWith('/'))
        {
            throw new BadInputException($"{where} '@type' '{typeUrl}' must be a Cosmos type URL starting with '/'.");
        }

        IMessage message;
        try
        {
            message = VeidMessages.FromJson(obj.ToJsonString());
        }
        catch (BadInputException ex)
        {
            throw new BadInputException($"{where} ('{typeUrl}') does not match the veid message definitions: {ex.Message}", ex);
        }

        switch (message)
        {
            case MsgRegisterModel register:
                RequireAuthority(register.Authority, where, profile);
                var info = register.ModelInfo ?? throw new BadInputException($"{where} has no model_info.");
                RequireNonEmpty(info.ModelId, $"{where}.model_info.model_id");
                RequireModelType(info.ModelType, $"{where}.model_info.model_type");
                if (!Sha256HexPattern().IsMatch(info.Sha256Hash))
                {
                    throw new BadInputException($"{where}.model_info.sha256_hash '{info.Sha256Hash}' must be 64 lower-case hex characters.");
                }

                break;
            case MsgActivateModel activate:
                RequireAuthority(activate.Authority, where, profile);
                RequireNonEmpty(activate.ModelId, $"{where}.model_id");
                RequireModelType(activate.ModelType, $"{where}.model_type");
                break;
            case MsgDeprecateModel deprecate:
                RequireAuthority(deprecate.Authority, where, profile);
                RequireNonEmpty(deprecate.ModelId, $"{where}.model_id");
                break;
            case MsgRevokeModel revoke:
                RequireAuthority(revoke.Authority, where, profile);
                RequireNonEmpty(revoke.ModelId, $"{where}.model_id");
                break;
            default:
                throw new BadInputException($"{where} '{typeUrl}' is not a message a model proposal may carry.");
        }

        return message;
    }

    private static void RequireAuthority(string authority, string where, ChainProfile profile)
    {
        try
        {
            Bech32.DecodeWithPrefix(authority, profile.AccountPrefix);
        }
        catch (BadInputException ex)
        {
            throw new BadInputException($"{where}.authority: {ex.Message}", ex);
        }

        if (authority != profile.GovAuthority)
        {
            throw new BadInputException($"{where}.authority '{authority}' is not the gov module address of chain '{profile.ChainId}' ({profile.GovAuthority}).");
        }
    }

    private static void RequireModelType(string modelType, string where)
    {
        if (!ModelTypes.Known.Contains(modelType))
        {
            throw new BadInputException($"{where} '{modelType}' is not one of {string.Join(", ", ModelTypes.Known)}.");
        }
    }

    private static void RequireNonEmpty(string value, string where)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new BadInputException($"{where} must not be empty.");
        }
    }

    private static string Text(JsonObject proposal, string key, bool allowEmpty)
    {
        if (proposal[key] is JsonValue v && v.TryGetValue<string>(out string? s) && (allowEmpty || s.Length > 0))
        {
            return s;
        }

        throw new BadInputException($"proposal field '{key}' must be a{(allowEmpty ? string.Empty : " non-empty")} string.");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256HexPattern();
}
