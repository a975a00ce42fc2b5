using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;

namespace TrustScore.Cli.Tests;

/// <summary>A consensus refusal that reaches the CLI edge untranslated still gets one sentence and its documented exit code, never a stack trace.</summary>
public sealed class CommandRunnerTests
{
    [Fact]
    public void ConsensusRefusal_ReachingTheEdge_MapsByItsKind()
    {
        var err = new StringWriter();
        var ctx = new CliContext(new StringWriter(), err);

        Assert.Equal((int)ExitCode.BadInput, CommandRunner.Run(ctx, () => throw new ModelFormatException("model.onnx is not accepted: x.")));
        Assert.Equal((int)ExitCode.VerificationFailed, CommandRunner.Run(ctx, () => throw new ModelIntegrityException("model.onnx fails its conformance vectors.")));
        Assert.Equal("error: model.onnx is not accepted: x.\nerror: model.onnx fails its conformance vectors.\n", err.ToString().ReplaceLineEndings("\n"));
    }
}
