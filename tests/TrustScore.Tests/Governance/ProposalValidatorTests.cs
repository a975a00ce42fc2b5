using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Governance;

namespace TrustScore.Tests.Governance;

public class ProposalValidatorTests
{
    private static JsonObject Valid() => new()
    {
        ["messages"] = new JsonArray(JsonNode.Parse(VeidMessages.ToJson(VeidMessages.Activate(ChainProfile.VirtEngineMainnet.GovAuthority, "trust_score-v1")))),
        ["metadata"] = "ipfs://bafy#sha256=" + new string('0', 64),
        ["deposit"] = "2500000000uve",
        ["title"] = "t",
        ["summary"] = "s",
        ["expedited"] = false,
    };

    [Fact]
    public void Validate_WellFormedProposal_Passes()
    {
        var result = ProposalValidator.Validate(Valid(), ChainProfile.VirtEngineMainnet);
        Assert.Single(result.Messages);
        Assert.Equal("2500000000uve", result.Deposit.ToString());
    }

    // The four defects of upstream's generated proposal (docs/governance.md), one at a time.
    [Theory]
    [InlineData("type")]
    [InlineData("authority")]
    [InlineData("denom")]
    [InlineData("metadata")]
    [InlineData("unknown-field")]
    [InlineData("short-deposit")]
    public void Validate_UpstreamDefects_AreRefused(string defect)
    {
        var p = Valid();
        var message = p["messages"]![0]!.AsObject();
        switch (defect)
        {
            case "type":
                message["@type"] = "/virtengine.veid.v1.MsgUpdateTrustScoreModel";
                break;
            case "authority":
                message["authority"] = "virtengine10d07y265gmmuvt4z0w9aw880jnsr700jdufnyd";
                break;
            case "denom":
                p["deposit"] = "10000000uvirt";
                break;
            case "metadata":
                p["metadata"] = new string('x', 256);
                break;
            case "unknown-field":
                p["proposal_type"] = "model_update";
                break;
            case "short-deposit":
                p["deposit"] = "1uve";
                break;
        }

        Assert.Throws<BadInputException>(() => ProposalValidator.Validate(p, ChainProfile.VirtEngineMainnet));
    }

    [Fact]
    public void Validate_AuthorityOfAnotherChainOrModule_IsRefused()
    {
        var p = Valid();
        p["messages"]![0]!["authority"] = ModuleAddress.Bech32Address("virtengine", "distribution");
        Assert.Contains("gov module", Assert.Throws<BadInputException>(() => ProposalValidator.Validate(p, ChainProfile.VirtEngineMainnet)).Message, StringComparison.Ordinal);

        var q = Valid();
        q["messages"]![0]!["authority"] = "cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn";
        Assert.Contains("prefix", Assert.Throws<BadInputException>(() => ProposalValidator.Validate(q, ChainProfile.VirtEngineMainnet)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExpeditedOnSdk047_IsRefused()
    {
        var sdk047 = ChainProfile.VirtEngineMainnet with { SdkVersion = new Version(0, 47) };
        var ex = Assert.Throws<BadInputException>(() => ProposalValidator.Validate(Valid(), sdk047));
        Assert.Contains("expedited", ex.Message, StringComparison.Ordinal);
    }
}
