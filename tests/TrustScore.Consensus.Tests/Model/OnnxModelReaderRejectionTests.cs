using Google.Protobuf;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Model.Onnx;
using TrustScore.Consensus.Numerics;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Model;

/// <summary>
/// The reader parses untrusted bytes: every malformed or out-of-profile file must end in an
/// <see cref="ModelFormatException"/> naming the problem — never another exception, a hang or a crash.
/// </summary>
public sealed class OnnxModelReaderRejectionTests
{
    private static readonly byte[] Valid = OnnxModelWriter.Write(TestModels.Random([12, 8, 4, 1], seed: 21, normalization: true));

    private static ModelProto Parse() => ModelProto.Parser.ParseFrom(Valid);

    private static string Reject(ModelProto model) => Reject(model.ToByteArray());

    private static string Reject(byte[] bytes) => Assert.Throws<ModelFormatException>(() => OnnxModelReader.Read(bytes)).Message;

    private static NodeProto FirstGemm(ModelProto m) => m.Graph.Node.First(n => n.OpType == "Gemm");

    [Fact]
    public void Empty_Rejected() => Assert.Contains("empty", Reject([]), StringComparison.Ordinal);

    [Fact]
    public void Garbage_Rejected()
    {
        var rng = CounterRng.Create(1, RngPurpose.Conformance);
        for (int trial = 0; trial < 200; trial++)
        {
            var bytes = new byte[1 + (trial * 7)];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)rng.NextUInt64((ulong)((trial * 10_000) + i));
            }

            Reject(bytes);
        }
    }

    [Fact]
    public void Truncated_Rejected()
    {
        for (int length = 1; length < Valid.Length; length += 37)
        {
            Reject(Valid[..length]);
        }

        Reject(Valid[..^1]);
    }

    [Fact]
    public void RandomByteFlips_RejectedOrReadCleanly()
    {
        var rng = CounterRng.Create(2, RngPurpose.Conformance);
        for (int trial = 0; trial < 400; trial++)
        {
            var bytes = (byte[])Valid.Clone();
            int flips = 1 + (int)(rng.NextUInt64((ulong)trial * 3) % 4);
            for (int f = 0; f < flips; f++)
            {
                int at = (int)(rng.NextUInt64(((ulong)trial * 3) + 1 + (ulong)f) % (ulong)bytes.Length);
                bytes[at] ^= (byte)(1 + (rng.NextUInt64(((ulong)trial * 3) + 2 + ((ulong)f << 20)) % 255));
            }

            try
            {
                OnnxModelReader.Read(bytes); // a flip inside a weight value gives another valid model
            }
            catch (ModelFormatException)
            {
            }
        }
    }

    [Fact]
    public void UnknownOp_Rejected()
    {
        var m = Parse();
        m.Graph.Node.First(n => n.OpType == "Relu").OpType = "Tanh";
        Reject(m);
    }

    [Fact]
    public void CustomDomain_Rejected()
    {
        var m = Parse();
        FirstGemm(m).Domain = "com.example";
        Assert.Contains("domain", Reject(m), StringComparison.Ordinal);
    }

    [Fact]
    public void WrongWeightDims_Rejected()
    {
        var m = Parse();
        var w = m.Graph.Initializer.First(t => t.Name == "dense1.weight");
        w.Dims[1] = 7;
        Assert.Contains("dense1", Reject(m), StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedDims_Rejected_WithoutAllocating()
    {
        var m = Parse();
        var w = m.Graph.Initializer.First(t => t.Name == "dense0.weight");
        w.Dims[0] = 1L << 40;
        Reject(m);
        m = Parse();
        m.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = long.MaxValue;
        Reject(m);
    }

    [Fact]
    public void ExternalData_Rejected()
    {
        var m = Parse();
        var w = m.Graph.Initializer.First(t => t.Name == "dense0.weight");
        w.DataLocation = TensorProto.Types.DataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        w.RawData = ByteString.Empty;
        Assert.Contains("external", Reject(m), StringComparison.Ordinal);
    }

    [Fact]
    public void NonFloatTensor_Rejected()
    {
        var m = Parse();
        var b = m.Graph.Initializer.First(t => t.Name == "dense0.bias");
        b.DataType = (int)TensorProto.Types.DataType.Double;
        Assert.Contains("data type", Reject(m), StringComparison.Ordinal);
    }

    [Fact]
    public void NonFloatInput_Rejected()
    {
        var m = Parse();
        m.Graph.Input[0].Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Double;
        Reject(m);
    }

    [Fact]
    public void FixedBatchDimension_Rejected()
    {
        var m = Parse();
        m.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimValue = 1;
        Assert.Contains("symbolic", Reject(m), StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteWeight_Rejected()
    {
        var m = Parse();
        var w = m.Graph.Initializer.First(t => t.Name == "dense2.weight");
        var raw = w.RawData.ToByteArray();
        BitConverter.TryWriteBytes(raw.AsSpan(4), float.PositiveInfinity);
        w.RawData = ByteString.CopyFrom(raw);
        Assert.Contains("finite", Reject(m), StringComparison.Ordinal);
    }

    [Fact]
    public void GemmAttributes_Strict()
    {
        var m = Parse();
        FirstGemm(m).Attribute.Clear();
        Assert.Contains("transB", Reject(m), StringComparison.Ordinal);
        m = Parse();
        FirstGemm(m).Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 2f });
        Reject(m);
    }

    [Fact]
    public void UnusedInitializer_Rejected()
    {
        var m = Parse();
        m.Graph.Initializer.Add(new TensorProto { Name = "spare", DataType = 1, Dims = { 1 }, FloatData = { 1f } });
        Assert.Contains("spare", Reject(m), StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraNode_Rejected()
    {
        var m = Parse();
        m.Graph.Node.Add(new NodeProto { OpType = "Relu", Name = "late", Input = { "trust_score" }, Output = { "late_out" } });
        Reject(m);
    }

    [Fact]
    public void MissingSigmoid_Rejected()
    {
        var m = Parse();
        var sigmoid = m.Graph.Node.First(n => n.OpType == "Sigmoid");
        m.Graph.Node.Remove(sigmoid);
        Reject(m);
    }

    [Fact]
    public void WrongOpsetOrIr_Rejected()
    {
        var m = Parse();
        m.OpsetImport[0].Version = 9;
        Assert.Contains("opset", Reject(m), StringComparison.Ordinal);
        m = Parse();
        m.IrVersion = 3;
        Assert.Contains("IR version", Reject(m), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownProtobufField_Rejected()
    {
        // Field 100, varint 1 appended at the top level: valid protobuf, unknown to the profile.
        byte[] bytes = [.. Valid, 0xA0, 0x06, 0x01];
        Assert.Contains("outside the accepted", Reject(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void FloatDataInsteadOfRaw_Accepted()
    {
        var m = Parse();
        var b = m.Graph.Initializer.First(t => t.Name == "dense0.bias");
        var values = new float[b.RawData.Length / 4];
        Buffer.BlockCopy(b.RawData.ToByteArray(), 0, values, 0, b.RawData.Length);
        b.RawData = ByteString.Empty;
        b.FloatData.Add(values);
        var read = OnnxModelReader.Read(m.ToByteArray());
        Assert.True(read.BitEquals(OnnxModelReader.Read(Valid)));
    }
}
