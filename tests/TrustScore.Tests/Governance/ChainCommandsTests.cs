using TrustScore.Errors;
using TrustScore.Governance;

namespace TrustScore.Tests.Governance;

public class ChainCommandsTests
{
    [Fact]
    public void Submit_IsTheRunbookCommandWithProfileValues()
    {
        var argv = ChainCommands.Submit(ChainProfile.VirtEngineMainnet, "out/proposal.json", "validator");
        Assert.Equal(
            ["virtengine", "tx", "gov", "submit-proposal", "out/proposal.json", "--from", "validator", "--chain-id", "virtengine-1",
             "--gas", "auto", "--gas-adjustment", "1.5", "--fees", "5000uve", "-y"],
            argv);
        Assert.Equal("virtengine tx gov submit-proposal out/proposal.json --from validator --chain-id virtengine-1 --gas auto --gas-adjustment 1.5 --fees 5000uve -y", ShellQuote.Join(argv));
    }

    [Fact]
    public void Vote_AndStatus_UseTheProfileAndNode()
    {
        var local = ChainProfile.VirtEngineMainnet with { CliBinary = "simd", ChainId = "testing", Gas = "200000", Fees = new Coin(10, "uve"), Node = "tcp://127.0.0.1:26657" };
        Assert.Equal(
            ["simd", "tx", "gov", "vote", "42", "no_with_veto", "--from", "val1", "--chain-id", "testing", "--gas", "200000", "--fees", "10uve", "--node", "tcp://127.0.0.1:26657", "-y"],
            ChainCommands.Vote(local, "42", "NO-WITH-VETO", "val1"));
        var status = ChainCommands.Status(local, "42");
        Assert.Equal(["simd", "query", "gov", "proposal", "42", "--output", "json", "--node", "tcp://127.0.0.1:26657"], status[0]);
        Assert.Equal("votes", status[1][3]);
        Assert.Equal("tally", status[2][3]);
    }

    [Theory]
    [InlineData("0", "yes", "validator")]
    [InlineData("-1", "yes", "validator")]
    [InlineData("12", "maybe", "validator")]
    [InlineData("12", "yes", "key; rm -rf /")]
    public void BadArguments_AreRefused(string id, string option, string key)
    {
        Assert.Throws<BadInputException>(() => ChainCommands.Vote(ChainProfile.VirtEngineMainnet, id, option, key));
    }

    [Fact]
    public void ShellQuote_QuotesWhatTheShellWouldInterpret()
    {
        Assert.Equal("'a b' 'it'\\''s' plain", ShellQuote.Join(["a b", "it's", "plain"]));
    }

    [Fact]
    public void ChainCli_MissingBinary_IsToolUnavailable()
    {
        var ex = Assert.Throws<ToolUnavailableException>(() =>
            ChainCli.Run(["trustscore-no-such-chain-cli-7f3a", "status"], TextWriter.Null, TextWriter.Null));
        Assert.Equal(ExitCode.ToolUnavailable, ex.ExitCode);
        Assert.Contains("not on PATH", ex.Message, StringComparison.Ordinal);
    }
}
