using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;
using TrustScore.Consensus.Scoring;
using TrustScore.Signing;

namespace TrustScore.Verification;

/// <summary>
/// Extra verification check (docs/formats.md §5; ONNX Runtime loads every exported
/// model): ONNX Runtime runs <c>model/model.onnx</c> on the conformance inputs plus seeded random
/// rows and must agree with the consensus scorer within <see cref="Tolerance"/> score points. This
/// proves interoperability, not consensus: ONNX Runtime sums in its own order and uses its own
/// sigmoid, so bit equality is neither expected nor required here.
/// </summary>
public sealed class OnnxRuntimeParityCheck : IVersionCheck
{
    /// <summary>The check's name in reports.</summary>
    public const string CheckName = "onnxruntime-parity";

    /// <summary>Largest allowed |consensus − ONNX Runtime| on the 0–100 output scale.</summary>
    public const float Tolerance = 1e-3f;

    /// <summary>Seeded random rows scored besides the conformance inputs.</summary>
    public const int RandomRows = 64;

    /// <inheritdoc/>
    public string Name => CheckName;

    /// <inheritdoc/>
    public VerificationCheck Run(VersionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        string path = Path.Combine(context.ModelDir, VersionLayout.ModelOnnx);
        byte[] bytes = File.ReadAllBytes(path);
        var scorer = Scorer.Load(bytes);
        var conformance = ConformanceVectors.Parse(File.ReadAllBytes(Path.Combine(context.ModelDir, VersionLayout.Conformance)));
        int d = scorer.FeatureCount;
        var rows = new List<float[]>();
        foreach (var v in conformance.Vectors)
        {
            rows.Add(v.Features.ToArray());
        }

        var rng = CounterRng.Create(7, RngPurpose.Conformance);
        ulong c = 0;
        for (int r = 0; r < RandomRows; r++)
        {
            var row = new float[d];
            for (int k = 0; k < d; k++)
            {
                row[k] = (float)rng.Normal(c++);
            }

            rows.Add(row);
        }

        int n = rows.Count;
        var x = new float[n * d];
        for (int r = 0; r < n; r++)
        {
            rows[r].CopyTo(x, r * d);
        }

        var ours = new float[n];
        scorer.Score(x, n, ours);
        ct.ThrowIfCancellationRequested();
        float[] theirs = RunOnnxRuntime(bytes, x, n, d);
        float worst = 0;
        int worstRow = 0;
        for (int r = 0; r < n; r++)
        {
            float diff = Math.Abs(ours[r] - theirs[r]);
            if (!(diff <= worst))
            {
                worst = diff;
                worstRow = r;
            }
        }

        string name = worstRow < conformance.Vectors.Count ? conformance.Vectors[worstRow].Name : $"random-{worstRow - conformance.Vectors.Count}";
        bool passed = worst <= Tolerance;
        return new VerificationCheck(Name, passed, string.Create(CultureInfo.InvariantCulture,
            $"ONNX Runtime {OrtVersion()} vs consensus scorer on {n} rows: max |diff| {worst:E2} at '{name}' ({ours[worstRow]:R} vs {theirs[worstRow]:R}); tolerance {Tolerance:E0}"));
    }

    private static float[] RunOnnxRuntime(byte[] model, float[] x, int rows, int width)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var input = new DenseTensor<float>(x, [rows, width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxProfile.InputName, input)]);
        var output = results.Single(r => r.Name == OnnxProfile.OutputName).AsTensor<float>();
        var values = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            values[r] = output[r, 0];
        }

        return values;
    }

    private static string OrtVersion() =>
        typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "unknown";
}
