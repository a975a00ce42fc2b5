using TrustScore.Consensus.Digest;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;
using TrustScore.Export;
using TrustScore.Scoring;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Errors;

/// <summary>
/// One rule for the consensus core's refusals: malformed input is bad input (exit 3), a mismatch
/// is a failed verification (exit 5), whichever pipeline step meets it. Before, a version
/// directory's unparsable model.onnx or undigestable model/ exited 5 while the same refusal
/// elsewhere exited 3; those cases are pinned here.
/// </summary>
public sealed class ConsensusErrorsTests
{
    [Fact]
    public void Translate_MalformedIsBadInput_MismatchIsVerificationFailed_WithContext()
    {
        var malformed = ConsensusErrors.Translate(new ModelFormatException("model.onnx is not accepted: x."), "/m");
        Assert.IsType<BadInputException>(malformed);
        Assert.Equal(ExitCode.BadInput, malformed.ExitCode);
        Assert.Equal("/m: model.onnx is not accepted: x.", malformed.Message);

        var digest = ConsensusErrors.Translate(new ModelDigestException(ModelDigestFailure.Symlink, "/m/l", "'/m/l' is a symbolic link."));
        Assert.Equal(ExitCode.BadInput, digest.ExitCode);

        var mismatch = ConsensusErrors.Translate(new ModelIntegrityException("model.onnx has SHA-256 a, not the expected b."));
        Assert.IsType<VerificationFailedException>(mismatch);
        Assert.Equal(ExitCode.VerificationFailed, mismatch.ExitCode);
    }

    [Fact]
    public void VerifiedModelLoader_ListedButUnparsableModel_IsBadInput()
    {
        using var temp = new TempDirectory();
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path, onnxBytes: "not an onnx file"u8.ToArray());

        var ex = Assert.Throws<BadInputException>(() => VerifiedModelLoader.Load(dir));
        Assert.Contains("model.onnx", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ModelFormatException>(ex.InnerException);
    }

    [Fact]
    public void ExportedModel_ModelFolderTheDigestRefuses_IsBadInput()
    {
        using var temp = new TempDirectory();
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        File.CreateSymbolicLink(Path.Combine(dir, "model", "link.bin"), "model.onnx");

        var ex = Assert.Throws<BadInputException>(() => ExportedModel.Load(dir));
        Assert.Contains("cannot be digested", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportedModel_TamperedModel_StaysVerificationFailed()
    {
        using var temp = new TempDirectory();
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        File.AppendAllText(Path.Combine(dir, "model", "model.onnx"), "x");

        Assert.Throws<VerificationFailedException>(() => ExportedModel.Load(dir));
    }
}
