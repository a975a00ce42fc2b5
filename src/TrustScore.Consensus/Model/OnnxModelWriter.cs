using System.Buffers.Binary;
using Google.Protobuf;
using TrustScore.Consensus.Model.Onnx;

namespace TrustScore.Consensus.Model;

/// <summary>
/// Writes <see cref="MlpWeights"/> as model.onnx in the pinned profile (runbook §1.4; docs/formats.md §2–3):
/// [Sub, Mul] normalisation, then Gemm(transB=1) [+ Relu] per layer, Sigmoid, Mul by the output
/// scale. Tensors are little-endian raw_data. No timestamps or host facts, so identical weights
/// always give identical bytes.
/// </summary>
public static class OnnxModelWriter
{
    /// <summary>The model.onnx bytes for <paramref name="weights"/>.</summary>
    /// <param name="weights">The folded inference weights.</param>
    /// <param name="producerVersion">producer_version to record; keep it fixed for reproducible bytes.</param>
    public static byte[] Write(MlpWeights weights, string producerVersion = OnnxProfile.DefaultProducerVersion)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(producerVersion);
        var graph = new GraphProto { Name = OnnxProfile.GraphName };
        string current = OnnxProfile.InputName;

        if (weights.Normalization is { } norm)
        {
            graph.Initializer.Add(Tensor("input.offset", norm.Offset, norm.Width));
            graph.Initializer.Add(Tensor("input.scale", norm.Scale, norm.Width));
            graph.Node.Add(Node("Sub", "normalize_sub", [current, "input.offset"], "normalize_centered"));
            graph.Node.Add(Node("Mul", "normalize_mul", ["normalize_centered", "input.scale"], "normalized"));
            current = "normalized";
        }

        for (int i = 0; i < weights.Layers.Count; i++)
        {
            var layer = weights.Layers[i];
            string w = $"dense{i}.weight";
            string b = $"dense{i}.bias";
            graph.Initializer.Add(Tensor(w, layer.Weights, layer.OutputWidth, layer.InputWidth));
            graph.Initializer.Add(Tensor(b, layer.Bias, layer.OutputWidth));
            var gemm = Node("Gemm", $"dense{i}", [current, w, b], $"dense{i}_out");
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            current = $"dense{i}_out";
            if (layer.Activation == Activation.Relu)
            {
                graph.Node.Add(Node("Relu", $"relu{i}", [current], $"relu{i}_out"));
                current = $"relu{i}_out";
            }
        }

        graph.Node.Add(Node("Sigmoid", "sigmoid", [current], "probability"));
        graph.Initializer.Add(Tensor("output.scale", [weights.OutputScale]));
        graph.Node.Add(Node("Mul", "output_scale", ["probability", "output.scale"], OnnxProfile.OutputName));

        graph.Input.Add(ValueInfo(OnnxProfile.InputName, weights.InputWidth));
        graph.Output.Add(ValueInfo(OnnxProfile.OutputName, 1));

        var model = new ModelProto
        {
            IrVersion = OnnxProfile.IrVersion,
            ProducerName = OnnxProfile.ProducerName,
            ProducerVersion = producerVersion,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxProfile.OpsetVersion });
        model.MetadataProps.Add(new StringStringEntryProto { Key = OnnxProfile.NumericsMetadataKey, Value = OnnxProfile.NumericsVersion });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    private static TensorProto Tensor(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        // raw_data is little-endian by the ONNX spec; convert explicitly on a big-endian host.
        byte[] raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        tensor.RawData = ByteString.CopyFrom(raw);
        return tensor;
    }

    private static ValueInfoProto ValueInfo(string name, long width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxProfile.BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
