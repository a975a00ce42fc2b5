using System.Buffers.Binary;
using Google.Protobuf;
using TrustScore.Consensus.Model.Onnx;

namespace TrustScore.Consensus.Model;

/// <summary>
/// Reads model.onnx — untrusted bytes — into <see cref="MlpWeights"/>, accepting only the strict
/// profile that <see cref="OnnxModelWriter"/> writes (docs/numerics.md §7):
/// <c>[Sub(x, offset[D]) → Mul(·, scale[D])] → (Gemm(·, W[H,D], b[H]; transB=1) → [Relu])+ → Sigmoid → Mul(·, s)</c>,
/// float32 tensors held inside the file, dimensions within <see cref="MlpWeights"/> limits. Any
/// other content (unknown op, attribute, field or domain; external data; other element types;
/// wrong shapes; unused or duplicate tensors) is refused with <see cref="ModelFormatException"/>.
/// </summary>
public static class OnnxModelReader
{
    private static readonly MessageParser<ModelProto> KeepUnknown = ModelProto.Parser;
    private static readonly MessageParser<ModelProto> DropUnknown = ModelProto.Parser.WithDiscardUnknownFields(true);

    /// <summary>Parses and validates <paramref name="bytes"/>.</summary>
    /// <exception cref="ModelFormatException">The bytes are not a model.onnx in the accepted profile; the message says why.</exception>
    public static MlpWeights Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            throw Invalid("the file is empty");
        }

        if (bytes.Length > OnnxProfile.MaxFileBytes)
        {
            throw Invalid($"the file has {bytes.Length} bytes; at most {OnnxProfile.MaxFileBytes} are accepted");
        }

        ModelProto model;
        try
        {
            model = KeepUnknown.ParseFrom(bytes);
            // A field this reader does not declare may carry meaning it would silently drop: the
            // sizes with and without unknown fields differ exactly when such a field is present.
            var stripped = DropUnknown.ParseFrom(bytes);
            if (stripped.CalculateSize() != model.CalculateSize())
            {
                throw Invalid("it contains protobuf fields outside the accepted ONNX profile");
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelFormatException($"model.onnx is not a valid ONNX protobuf file: {ex.Message}", ex);
        }

        return Interpret(model);
    }

    private static MlpWeights Interpret(ModelProto model)
    {
        if (model.IrVersion < OnnxProfile.MinIrVersion || model.IrVersion > OnnxProfile.MaxIrVersion)
        {
            throw Invalid($"IR version {model.IrVersion} is outside the accepted {OnnxProfile.MinIrVersion}–{OnnxProfile.MaxIrVersion}");
        }

        if (model.OpsetImport.Count != 1 || !IsDefaultDomain(model.OpsetImport[0].Domain)
            || model.OpsetImport[0].Version < OnnxProfile.MinOpsetVersion || model.OpsetImport[0].Version > OnnxProfile.MaxOpsetVersion)
        {
            throw Invalid($"it must import exactly the default ONNX opset, version {OnnxProfile.MinOpsetVersion}–{OnnxProfile.MaxOpsetVersion}");
        }

        if (model.Functions.Count != 0 || model.TrainingInfo.Count != 0)
        {
            throw Invalid("model-local functions and training information are not accepted");
        }

        var graph = model.Graph ?? throw Invalid("it has no graph");
        if (graph.SparseInitializer.Count != 0 || graph.QuantizationAnnotation.Count != 0)
        {
            throw Invalid("sparse initializers and quantization annotations are not accepted");
        }

        var tensors = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer)
        {
            if (string.IsNullOrEmpty(t.Name) || !tensors.TryAdd(t.Name, t))
            {
                throw Invalid($"initializer name '{t.Name}' is empty or repeated");
            }
        }

        int inputWidth = CheckValueInfo(graph.Input, OnnxProfile.InputName, "input", null);
        CheckValueInfo(graph.Output, OnnxProfile.OutputName, "output", 1);

        var used = new HashSet<string>(StringComparer.Ordinal);
        var layers = new List<DenseLayerWeights>();
        InputNormalization? normalization = null;
        float? outputScale = null;
        string current = OnnxProfile.InputName;
        int width = inputWidth;
        long parameters = 0;
        var nodes = graph.Node;
        int n = 0;

        foreach (var node in nodes)
        {
            if (!IsDefaultDomain(node.Domain) || !string.IsNullOrEmpty(node.Overload))
            {
                throw Invalid($"node '{node.Name}' uses domain '{node.Domain}'; only the default ONNX domain is accepted");
            }

            if (node.Output.Count != 1 || string.IsNullOrEmpty(node.Output[0]))
            {
                throw Invalid($"node '{node.Name}' ({node.OpType}) must have exactly one output");
            }
        }

        if (n < nodes.Count && nodes[n].OpType == "Sub")
        {
            var sub = nodes[n++];
            RequireInputs(sub, current, 2);
            RequireNoAttributes(sub);
            var offset = FloatTensor(tensors, used, sub.Input[1], [width]);
            if (n >= nodes.Count || nodes[n].OpType != "Mul")
            {
                throw Invalid("the normalisation Sub must be followed by Mul");
            }

            var mul = nodes[n++];
            RequireInputs(mul, sub.Output[0], 2);
            RequireNoAttributes(mul);
            var scale = FloatTensor(tensors, used, mul.Input[1], [width]);
            normalization = new InputNormalization(offset, scale);
            current = mul.Output[0];
        }

        while (n < nodes.Count && nodes[n].OpType == "Gemm")
        {
            var gemm = nodes[n++];
            if (layers.Count >= MlpWeights.MaxLayers)
            {
                throw Invalid($"it has more than {MlpWeights.MaxLayers} dense layers");
            }

            RequireInputs(gemm, current, 3);
            CheckGemmAttributes(gemm);
            var wTensor = Lookup(tensors, gemm.Input[1]);
            if (wTensor.Dims.Count != 2 || wTensor.Dims[0] < 1 || wTensor.Dims[0] > MlpWeights.MaxWidth || wTensor.Dims[1] != width)
            {
                throw Invalid($"Gemm '{gemm.Name}' weight '{wTensor.Name}' must be [H, {width}] with 1 ≤ H ≤ {MlpWeights.MaxWidth}; it is [{string.Join(", ", wTensor.Dims)}]");
            }

            int h = (int)wTensor.Dims[0];
            parameters += ((long)h * width) + h;
            if (parameters > MlpWeights.MaxParameters)
            {
                throw Invalid($"it has more than {MlpWeights.MaxParameters} parameters");
            }

            var w = FloatTensor(tensors, used, gemm.Input[1], [h, width]);
            var b = FloatTensor(tensors, used, gemm.Input[2], [h]);
            current = gemm.Output[0];
            var activation = Activation.None;
            if (n < nodes.Count && nodes[n].OpType == "Relu")
            {
                var relu = nodes[n++];
                RequireInputs(relu, current, 1);
                RequireNoAttributes(relu);
                current = relu.Output[0];
                activation = Activation.Relu;
            }

            layers.Add(new DenseLayerWeights(w, b, width, h, activation));
            width = h;
        }

        if (layers.Count == 0)
        {
            throw Invalid($"expected a Gemm after the input; found '{(n < nodes.Count ? nodes[n].OpType : "nothing")}'");
        }

        if (width != 1)
        {
            throw Invalid($"the last Gemm must have 1 output; it has {width}");
        }

        if (n < nodes.Count && nodes[n].OpType == "Sigmoid")
        {
            var sigmoid = nodes[n++];
            RequireInputs(sigmoid, current, 1);
            RequireNoAttributes(sigmoid);
            current = sigmoid.Output[0];
        }
        else
        {
            throw Invalid($"expected Sigmoid after the last dense layer; found '{(n < nodes.Count ? nodes[n].OpType : "nothing")}'");
        }

        if (n < nodes.Count && nodes[n].OpType == "Mul")
        {
            var mul = nodes[n++];
            RequireInputs(mul, current, 2);
            RequireNoAttributes(mul);
            var scaleTensor = Lookup(tensors, mul.Input[1]);
            long[] dims = scaleTensor.Dims.Count == 0 ? [] : [1];
            outputScale = FloatTensor(tensors, used, mul.Input[1], dims)[0];
            current = mul.Output[0];
        }
        else
        {
            throw Invalid($"expected Mul by the output scale after Sigmoid; found '{(n < nodes.Count ? nodes[n].OpType : "nothing")}'");
        }

        if (n != nodes.Count)
        {
            throw Invalid($"unexpected node '{nodes[n].Name}' ({nodes[n].OpType}) after the output scale");
        }

        if (current != OnnxProfile.OutputName)
        {
            throw Invalid($"the last node must produce '{OnnxProfile.OutputName}'; it produces '{current}'");
        }

        var unused = tensors.Keys.Where(k => !used.Contains(k)).ToArray();
        if (unused.Length > 0)
        {
            throw Invalid($"initializer '{unused[0]}' is not used by the graph");
        }

        try
        {
            return new MlpWeights(layers, normalization, outputScale.Value);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"model.onnx is not accepted: {ex.Message}", ex);
        }
    }

    private static bool IsDefaultDomain(string domain) => domain.Length == 0 || domain == "ai.onnx";

    private static int CheckValueInfo(IList<ValueInfoProto> infos, string name, string role, int? width)
    {
        if (infos.Count != 1 || infos[0].Name != name)
        {
            throw Invalid($"the graph must have exactly one {role}, named '{name}'");
        }

        var type = infos[0].Type?.TensorType;
        if (type is null || type.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw Invalid($"{role} '{name}' must be a float32 tensor");
        }

        var dims = type.Shape?.Dim;
        if (dims is null || dims.Count != 2)
        {
            throw Invalid($"{role} '{name}' must have shape [N, {width?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "D"}]");
        }

        if (dims[0].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
        {
            throw Invalid($"{role} '{name}' must have a symbolic batch dimension; it is fixed at {dims[0].DimValue}");
        }

        if (dims[1].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[1].DimValue < 1 || dims[1].DimValue > MlpWeights.MaxWidth
            || (width is int w && dims[1].DimValue != w))
        {
            throw Invalid($"{role} '{name}' has an unacceptable feature dimension (expected {(width is int e ? e.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"1–{MlpWeights.MaxWidth}")})");
        }

        return (int)dims[1].DimValue;
    }

    private static void RequireInputs(NodeProto node, string current, int count)
    {
        if (node.Input.Count != count || node.Input[0] != current)
        {
            throw Invalid($"node '{node.Name}' ({node.OpType}) must take '{current}' and {count - 1} initializer(s)");
        }
    }

    private static void RequireNoAttributes(NodeProto node)
    {
        if (node.Attribute.Count != 0)
        {
            throw Invalid($"node '{node.Name}' ({node.OpType}) has attribute '{node.Attribute[0].Name}'; none are accepted");
        }
    }

    private static void CheckGemmAttributes(NodeProto gemm)
    {
        bool transB = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in gemm.Attribute)
        {
            if (!seen.Add(a.Name) || !string.IsNullOrEmpty(a.RefAttrName))
            {
                throw Invalid($"Gemm '{gemm.Name}' repeats or references attribute '{a.Name}'");
            }

            bool ok = a.Name switch
            {
                "transB" => a.Type == AttributeProto.Types.AttributeType.Int && a.I == 1,
                "transA" => a.Type == AttributeProto.Types.AttributeType.Int && a.I == 0,
                "alpha" or "beta" => a.Type == AttributeProto.Types.AttributeType.Float && BitConverter.SingleToUInt32Bits(a.F) == BitConverter.SingleToUInt32Bits(1f),
                _ => false,
            };
            if (!ok)
            {
                throw Invalid($"Gemm '{gemm.Name}' attribute '{a.Name}' is not accepted (only transB=1, and transA=0, alpha=1, beta=1 spelled out)");
            }

            transB |= a.Name == "transB";
        }

        if (!transB)
        {
            throw Invalid($"Gemm '{gemm.Name}' must have transB=1 (weights stored [H, D])");
        }
    }

    private static TensorProto Lookup(Dictionary<string, TensorProto> tensors, string name) =>
        tensors.TryGetValue(name, out var t) ? t : throw Invalid($"'{name}' is not an initializer in the file");

    private static float[] FloatTensor(Dictionary<string, TensorProto> tensors, HashSet<string> used, string name, long[] expectedDims)
    {
        var t = Lookup(tensors, name);
        if (!used.Add(name))
        {
            throw Invalid($"initializer '{name}' is used twice");
        }

        if (t.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw Invalid($"tensor '{name}' has data type {t.DataType}; only float32 (1) is accepted");
        }

        if (t.DataLocation != TensorProto.Types.DataLocation.Default || t.ExternalData.Count != 0)
        {
            throw Invalid($"tensor '{name}' uses external data; all data must be inside the file");
        }

        if (t.Segment is not null || t.Int32Data.Count != 0 || t.Int64Data.Count != 0 || t.StringData.Count != 0
            || t.DoubleData.Count != 0 || t.Uint64Data.Count != 0)
        {
            throw Invalid($"tensor '{name}' carries segments or non-float data fields");
        }

        if (t.Dims.Count != expectedDims.Length || !t.Dims.SequenceEqual(expectedDims))
        {
            throw Invalid($"tensor '{name}' has shape [{string.Join(", ", t.Dims)}]; expected [{string.Join(", ", expectedDims)}]");
        }

        long count = 1;
        foreach (long d in expectedDims)
        {
            count *= d;
        }

        var values = new float[count];
        if (t.RawData.Length > 0)
        {
            if (t.FloatData.Count != 0 || t.RawData.Length != count * 4)
            {
                throw Invalid($"tensor '{name}' has {t.RawData.Length} raw bytes; expected {count * 4} and no float_data");
            }

            var raw = t.RawData.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
            }
        }
        else
        {
            if (t.FloatData.Count != count)
            {
                throw Invalid($"tensor '{name}' has {t.FloatData.Count} values; expected {count}");
            }

            t.FloatData.CopyTo(values, 0);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw Invalid($"tensor '{name}' value {i} is {values[i]}; every value must be finite");
            }
        }

        return values;
    }

    private static ModelFormatException Invalid(string reason) => new($"model.onnx is not accepted: {reason}.");
}
