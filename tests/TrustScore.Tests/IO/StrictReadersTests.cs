using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrustScore.Audit;
using TrustScore.Config;
using TrustScore.Consensus.Json;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.Evaluation;
using TrustScore.Governance;
using TrustScore.Registry;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Training;

namespace TrustScore.Tests.IO;

/// <summary>
/// Every reader of a JSON or YAML file the tool did not just write, fed a duplicate key and deep
/// nesting: each refuses with its own domain error (bad input, a format error naming the file,
/// or a failed check), never an ArgumentException from a dictionary, never a stack overflow.
/// </summary>
public sealed class StrictReadersTests : IDisposable
{
    private const string DuplicateKey = "{\"format\":\"a\",\"format\":\"b\"}";

    private static readonly string DeepJson = new string('[', 100_000) + new string(']', 100_000);

    private static readonly string DeepYaml = "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

    private readonly TempDirectory tmp = new("strict-readers");

    public void Dispose() => tmp.Dispose();

    [Fact]
    public void StrictJson_RefusesDuplicateKeysAtAnyLevel_AndNestingBeyond64_AcceptsExactly64()
    {
        Assert.Contains("Duplicate property 'format'", Assert.ThrowsAny<JsonException>(() => StrictJson.ParseNode(DuplicateKey)).Message, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => StrictJson.ParseNode("{\"a\":[{\"x\":1,\"x\":1}]}"));
        Assert.ThrowsAny<JsonException>(() => StrictJson.ParseNode(new string('[', 65) + new string(']', 65)));
        Assert.NotNull(StrictJson.ParseNode(new string('[', 64) + new string(']', 64)));
        Assert.ThrowsAny<JsonException>(() => StrictJson.ParseNode(DeepJson));
    }

    public static TheoryData<string> HostileJson => new() { DuplicateKey, DeepJson };

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void Manifest_IsAFormatError(string json) =>
        Assert.Throws<FormatException>(() => Manifest.Parse(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void RegistryMetadata_IsBadInput(string json) =>
        Assert.Throws<BadInputException>(() => VersionMetadata.Read(Write("metadata.json", json)));

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void ConformanceVectors_IsModelFormatError(string json) =>
        Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void Proposal_IsBadInput(string json) =>
        Assert.Throws<BadInputException>(() => ProposalValidator.ValidateFile(Write("proposal.json", json), ChainProfileLoader.Resolve(null)));

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void TrainingHistory_IsBadInput(string json) =>
        Assert.Throws<BadInputException>(() => TrainingHistory.Load(Write("training_history.json", json)));

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void Baseline_IsBadInput(string json) =>
        Assert.Throws<BadInputException>(() => Baseline.Load(Write("baseline.json", json)));

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void DatasetRecords_AreBadInput(string json) =>
        Assert.Throws<BadInputException>(() => JsonlRecordReader.Read(Write("records.jsonl", json + "\n")).ToList());

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void CheckpointHeader_IsBadInput_EvenWhenItsHashIsRight(string json) =>
        Assert.Throws<BadInputException>(() => Checkpoint.Read(WriteCheckpoint(json)));

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void AuditLogLine_IsReportedByVerify_AndSkippedByRead(string json)
    {
        string log = Write(AuditLog.FileName, json + "\n");
        var audit = AuditLog.OpenFile(log);

        var check = audit.Verify();

        Assert.False(check.Valid);
        Assert.Contains("Line 1 is not a JSON object", check.Problem, StringComparison.Ordinal);
        Assert.Empty(audit.Read());
    }

    public static TheoryData<string, string> HostileYaml => new()
    {
        { "a: 1\na: 2\n", "Duplicate key" },
        { DeepYaml, "nesting deeper than 64 levels" },
        { "a: &x [1]\nb: *x\n", "anchors (&name) are not allowed" },
    };

    [Theory]
    [MemberData(nameof(HostileYaml))]
    public void TrainingConfig_IsBadInput_WithAPosition(string yaml, string expected)
    {
        var ex = Assert.Throws<BadInputException>(() => ConfigLoader.Parse(yaml, "c.yaml", new Dictionary<string, string?>()));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("c.yaml:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileYaml))]
    public void ChainProfile_IsBadInput(string yaml, string expected) =>
        Assert.Contains(expected, Assert.Throws<BadInputException>(() => ChainProfileLoader.Parse(yaml, "chain.yaml")).Message, StringComparison.Ordinal);

    private string Write(string name, string text)
    {
        string path = tmp.Combine(Guid.NewGuid().ToString("N")[..8] + "-" + name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A checkpoint file with <paramref name="header"/> and a correct trailing SHA-256 (magic, header length, header, no tensors, SHA-256 of all before it).</summary>
    private string WriteCheckpoint(string header)
    {
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);
        byte[] body = new byte[12 + headerBytes.Length];
        "TSCKPT"u8.CopyTo(body);
        body[6] = 0;
        body[7] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)headerBytes.Length);
        headerBytes.CopyTo(body, 12);
        string path = tmp.Combine(Guid.NewGuid().ToString("N")[..8] + ".ckpt");
        File.WriteAllBytes(path, [.. body, .. SHA256.HashData(body)]);
        return path;
    }
}
