using System.Text;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;

namespace TrustScore.TestSupport;

/// <summary>
/// A scorable version directory whose model ignores its input: every weight is zero, so the
/// output is 100 × sigmoid(<c>logit</c>) for every record — 50 for logit 0, 73.1 for 1, 88.1
/// for 2 (integer scores 50, 73, 88). Expected impact numbers then follow by hand.
/// </summary>
public static class ConstantScoreVersion
{
    public static string Write(string parent, string version, float logit)
    {
        const int d = 768, h = 4;
        var hidden = new DenseLayerWeights(new float[h * d], new float[h], d, h, Activation.Relu);
        var output = new DenseLayerWeights(new float[h], [logit], h, 1, Activation.None);
        byte[] onnx = OnnxModelWriter.Write(new MlpWeights([hidden, output]));
        byte[] conformance = Encoding.UTF8.GetBytes(ConformanceVectors.Generate(Scorer.Load(onnx)).ToJson().ToJsonString());
        return ScorableVersionFixture.Write(parent, version, onnx, conformance);
    }
}
