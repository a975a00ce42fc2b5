using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TrustScore.Errors;
using TrustScore.Governance;
using TrustScore.Governance.Veid;

namespace TrustScore.Tests.Governance;

public class VeidMessagesTests
{
    private const string Authority = "virtengine10d07y265gmmuvt4z0w9aw880jnsr700juej5a8";

    // Field numbers of the chain's veid/v1 model.proto (virtengine/virtengine
    // sdk/proto/node/virtengine/veid/v1/model.proto), written down here from that file.
    [Theory]
    [InlineData("MLModelInfo", "model_id", 1)]
    [InlineData("MLModelInfo", "name", 2)]
    [InlineData("MLModelInfo", "version", 3)]
    [InlineData("MLModelInfo", "model_type", 4)]
    [InlineData("MLModelInfo", "sha256_hash", 5)]
    [InlineData("MLModelInfo", "description", 6)]
    [InlineData("MLModelInfo", "activated_at", 7)]
    [InlineData("MLModelInfo", "registered_at", 8)]
    [InlineData("MLModelInfo", "registered_by", 9)]
    [InlineData("MLModelInfo", "governance_id", 10)]
    [InlineData("MLModelInfo", "status", 11)]
    [InlineData("MsgRegisterModel", "authority", 1)]
    [InlineData("MsgRegisterModel", "model_info", 2)]
    [InlineData("MsgActivateModel", "authority", 1)]
    [InlineData("MsgActivateModel", "model_type", 2)]
    [InlineData("MsgActivateModel", "model_id", 3)]
    [InlineData("MsgActivateModel", "governance_id", 4)]
    [InlineData("MsgDeprecateModel", "reason", 3)]
    [InlineData("MsgRevokeModel", "model_id", 2)]
    public void FieldNumbers_MatchTheChainsProto(string message, string field, int number)
    {
        var descriptor = VeidMessages.Registry.Find("virtengine.veid.v1." + message);
        Assert.NotNull(descriptor);
        Assert.Equal(number, descriptor.FindFieldByName(field).FieldNumber);
    }

    public static TheoryData<IMessage> Messages() => new()
    {
        VeidMessages.Register(Authority, "trust_score-v1", "trust_score", "v1", new string('a', 64), "desc"),
        VeidMessages.Activate(Authority, "trust_score-v1"),
        new MsgDeprecateModel { Authority = Authority, ModelId = "trust_score-v1", Reason = "superseded" },
        new MsgRevokeModel { Authority = Authority, ModelId = "trust_score-v1", Reason = "broken" },
        new MsgActivateModel { Authority = Authority, ModelType = "trust_score", ModelId = "x-1", GovernanceId = ulong.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Json_ParsesBackIntoTheSameMessage_WithResolvableTypeUrl(IMessage message)
    {
        string json = VeidMessages.ToJson(message);
        var node = JsonNode.Parse(json)!.AsObject();
        string typeUrl = node["@type"]!.GetValue<string>();
        Assert.Equal("/virtengine.veid.v1." + message.Descriptor.Name, typeUrl);
        Assert.NotNull(VeidMessages.Registry.Find(Any.GetTypeName(typeUrl)));

        var parsed = VeidMessages.FromJson(json);
        Assert.Equal(message, parsed);
        Assert.Equal(message.ToByteArray(), parsed.ToByteArray());
    }

    [Fact]
    public void Json_UsesSnakeCaseNames_StringSixtyFourBitIntegers_AndEnumNames()
    {
        var message = VeidMessages.Register(Authority, "trust_score-v1", "trust_score", "v1", new string('b', 64), "d");
        message.ModelInfo.RegisteredAt = 1234567890123;
        message.ModelInfo.GovernanceId = ulong.MaxValue;
        var node = JsonNode.Parse(VeidMessages.ToJson(message))!.AsObject();
        var info = node["model_info"]!.AsObject();
        Assert.Equal("1234567890123", info["registered_at"]!.GetValue<string>());
        Assert.Equal("18446744073709551615", info["governance_id"]!.GetValue<string>());
        Assert.Equal("0", info["activated_at"]!.GetValue<string>());
        Assert.Equal("MODEL_STATUS_PENDING", info["status"]!.GetValue<string>());
        Assert.Equal(new string('b', 64), info["sha256_hash"]!.GetValue<string>());
        Assert.Equal("trust_score", info["model_type"]!.GetValue<string>());
        Assert.Null(node["modelInfo"]);
    }

    [Fact]
    public void FromJson_UnknownTypeOrField_IsRefused()
    {
        // The message type upstream generated exists in no proto.
        var unknownType = Assert.Throws<BadInputException>(() => VeidMessages.FromJson("{\"@type\":\"/virtengine.veid.v1.MsgUpdateTrustScoreModel\",\"authority\":\"x\"}"));
        Assert.Contains("MsgUpdateTrustScoreModel", unknownType.Message, StringComparison.Ordinal);
        var unknownField = Assert.Throws<BadInputException>(() => VeidMessages.FromJson("{\"@type\":\"/virtengine.veid.v1.MsgActivateModel\",\"model_hash\":\"x\"}"));
        Assert.Contains("model_hash", unknownField.Message, StringComparison.Ordinal);
    }
}
