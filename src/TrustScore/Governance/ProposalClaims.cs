using Google.Protobuf;
using TrustScore.Governance.Veid;

namespace TrustScore.Governance;

/// <summary>
/// What a validated proposal's messages claim: a register-and-activate pair
/// (<c>MsgRegisterModel</c> then <c>MsgActivateModel</c> of the same model id) or a rollback
/// (one <c>MsgActivateModel</c>), both for the trust-score model type.
/// </summary>
/// <param name="Kind">Which of the two.</param>
/// <param name="ModelId">The model id activated.</param>
/// <param name="Register">The register message's model info (register only).</param>
internal sealed record ProposalClaims(ProposalKind Kind, string ModelId, MLModelInfo? Register)
{
    /// <summary>The claims of <paramref name="messages"/>, or the reason they are not a trust-score proposal.</summary>
    public static (ProposalClaims? Claims, string Detail) From(IReadOnlyList<IMessage> messages)
    {
        if (messages is [MsgRegisterModel register, MsgActivateModel activate])
        {
            if (register.ModelInfo is null)
            {
                return (null, "MsgRegisterModel has no model_info");
            }

            if (register.ModelInfo.ModelType != ModelTypes.TrustScore || activate.ModelType != ModelTypes.TrustScore)
            {
                return (null, $"model_type is '{register.ModelInfo.ModelType}'/'{activate.ModelType}', expected '{ModelTypes.TrustScore}'");
            }

            if (activate.ModelId != register.ModelInfo.ModelId)
            {
                return (null, $"MsgActivateModel activates '{activate.ModelId}' but MsgRegisterModel registers '{register.ModelInfo.ModelId}'");
            }

            return (new ProposalClaims(ProposalKind.RegisterAndActivate, activate.ModelId, register.ModelInfo), $"MsgRegisterModel + MsgActivateModel for {activate.ModelId}");
        }

        if (messages is [MsgActivateModel rollback])
        {
            return rollback.ModelType == ModelTypes.TrustScore
                ? (new ProposalClaims(ProposalKind.Rollback, rollback.ModelId, null), $"MsgActivateModel (rollback) for {rollback.ModelId}")
                : (null, $"model_type is '{rollback.ModelType}', expected '{ModelTypes.TrustScore}'");
        }

        return (null, $"messages are {string.Join(", ", messages.Select(VeidMessages.TypeUrl))}; expected MsgRegisterModel + MsgActivateModel, or one MsgActivateModel for a rollback");
    }
}
