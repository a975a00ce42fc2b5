using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Model;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Model;

/// <summary>
/// docs/numerics.md §7.1 is complete: an independent writer built from it alone
/// (onnx_bytes_reference.py, plain byte arithmetic) reproduces <see cref="OnnxModelWriter"/>'s
/// bytes, and so the file's SHA-256, from the weights.
/// </summary>
public sealed class OnnxBytesReferenceTests
{
    [Theory]
    [InlineData(true, 5)]
    [InlineData(false, 6)]
    public void SmallModels_IndependentWriter_SameBytes(bool normalization, ulong seed) =>
        AssertSameBytes(TestModels.Random([7, 5, 3, 1], seed, normalization));

    [Fact]
    public void RealShapeModel_IndependentWriter_SameBytes() =>
        AssertSameBytes(TestModels.Random(TestModels.RealWidths, 2027, normalization: true));

    private static void AssertSameBytes(MlpWeights weights)
    {
        byte[] expected = OnnxModelWriter.Write(weights);
        using var dir = new TempDirectory("onnxref");
        string output = dir.Combine("reference.onnx");
        var psi = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Model", "onnx_bytes_reference.py"));
        psi.ArgumentList.Add(output);
        using (var process = Process.Start(psi)!)
        {
            process.StandardInput.Write(Spec(weights).ToJsonString());
            process.StandardInput.Close();
            string err = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "python3 did not finish");
            Assert.True(process.ExitCode == 0, err);
        }

        byte[] actual = File.ReadAllBytes(output);
        int first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length && actual.Length == expected.Length, $"bytes differ at offset {first} (lengths {expected.Length} and {actual.Length})");
    }

    private static JsonObject Spec(MlpWeights weights)
    {
        var layers = new JsonArray();
        foreach (var l in weights.Layers)
        {
            layers.Add(new JsonObject
            {
                ["in"] = l.InputWidth,
                ["out"] = l.OutputWidth,
                ["relu"] = l.Activation == Activation.Relu,
                ["weight"] = Hex(l.Weights),
                ["bias"] = Hex(l.Bias),
            });
        }

        return new JsonObject
        {
            ["normalization"] = weights.Normalization is { } n ? new JsonObject { ["offset"] = Hex(n.Offset), ["scale"] = Hex(n.Scale) } : null,
            ["layers"] = layers,
            ["output_scale"] = BitConverter.SingleToUInt32Bits(weights.OutputScale).ToString("x8", CultureInfo.InvariantCulture),
        };
    }

    private static JsonArray Hex(ReadOnlySpan<float> values)
    {
        var array = new JsonArray();
        foreach (float v in values)
        {
            array.Add(BitConverter.SingleToUInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture));
        }

        return array;
    }
}
