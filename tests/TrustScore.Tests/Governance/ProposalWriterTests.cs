using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrustScore.Governance;
using TrustScore.IO;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Governance;

public sealed class ProposalWriterTests : IDisposable
{
    private readonly TempDirectory temp = new("governance-writer");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Write_ProducesCanonicalProposal_MetadataMatchingItsHash_AndExecutableScript()
    {
        string versionDir = ReleaseFixtures.WriteVersion(temp.Combine("registry"), "v1_0");
        var proposal = ProposalBuilder.Create(new ProposalOptions
        {
            ManifestPath = versionDir,
            ModelUrl = Path.Combine(versionDir, ReleaseFixtures.ArchiveName("v1_0")),
            Profile = ChainProfile.VirtEngineMainnet,
            MetadataUrl = "ipfs://bafyexample",
        });
        var files = ProposalWriter.Write(temp.Combine("out"), proposal);

        byte[] proposalBytes = File.ReadAllBytes(files.Proposal);
        Assert.Equal(CanonicalJson.ToUtf8Bytes(JsonNode.Parse(proposalBytes)), proposalBytes);
        var validated = ProposalValidator.ValidateFile(files.Proposal, ChainProfile.VirtEngineMainnet);
        Assert.Equal(proposal.Messages, validated.Messages);

        string metadataSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(files.Metadata)));
        Assert.Equal("ipfs://bafyexample#sha256=" + metadataSha, validated.Metadata);

        string script = File.ReadAllText(files.SubmitScript);
        Assert.StartsWith("#!/usr/bin/env bash\n", script, StringComparison.Ordinal);
        Assert.Contains(
            "\nvirtengine tx gov submit-proposal proposal.json --from \"$key\" --chain-id virtengine-1 --gas auto --gas-adjustment 1.5 --fees 5000uve -y\n",
            script,
            StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(files.SubmitScript) & UnixFileMode.UserExecute) != 0);
        }

        Assert.Empty(Directory.GetFiles(temp.Combine("out"), "*.tmp"));
    }

    [Fact]
    public void Write_RollbackNextToARegisterProposal_KeepsBothMetadataFiles()
    {
        string registry = temp.Combine("registry");
        string current = ReleaseFixtures.WriteVersion(registry, "v2_0");
        ReleaseFixtures.WriteVersion(registry, "v1_0");
        var register = ProposalBuilder.Create(new ProposalOptions
        {
            ManifestPath = current,
            ModelUrl = Path.Combine(current, ReleaseFixtures.ArchiveName("v2_0")),
            Profile = ChainProfile.VirtEngineMainnet,
        });
        var rollback = ProposalBuilder.CreateRollback(registry, "v1_0", "drift", ChainProfile.VirtEngineMainnet);
        string outDir = temp.Combine("both");
        var a = ProposalWriter.Write(outDir, register);
        var b = ProposalWriter.Write(outDir, rollback);

        Assert.Equal(["proposal.json", "proposal_metadata.json", "rollback_proposal.json", "rollback_proposal_metadata.json", "submit_proposal.sh", "submit_rollback_proposal.sh"],
            Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.EndsWith("#sha256=" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(a.Metadata))), ProposalValidator.ValidateFile(a.Proposal, ChainProfile.VirtEngineMainnet).Metadata, StringComparison.Ordinal);
        Assert.Equal("rollback_proposal_metadata.json#sha256=" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(b.Metadata))), ProposalValidator.ValidateFile(b.Proposal, ChainProfile.VirtEngineMainnet).Metadata);
    }
}
