using System.Text.Json;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;

namespace TrustScore.Serving;

/// <summary>
/// The JSON bodies the service writes (docs/serving.md). Every body carries
/// <c>model_version</c> and <c>root_digest</c> beside the protocol's own fields, so a validator
/// can prove which model produced a score. Floats are written in their shortest round-trip form,
/// so parsing them as binary32 gives back the exact bits the scorer produced.
/// </summary>
internal static class ResponseJson
{
    public static void TfPredict(Utf8JsonWriter w, ScoredBatch batch)
    {
        var (model, request, outputs, scores, _) = batch;
        w.WriteStartObject();
        w.WriteStartArray(request.Columnar ? "outputs" : "predictions"); // TF Serving answers a columnar request in columnar form
        foreach (float y in outputs)
        {
            w.WriteStartArray();
            w.WriteNumberValue(y);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteStartArray("integer_scores");
        foreach (int s in scores)
        {
            w.WriteStartArray();
            w.WriteNumberValue(s);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        ReceiptResponseJson.Write(w, batch.Receipts);
        Identity(w, model);
        w.WriteEndObject();
    }

    public static void V2Infer(Utf8JsonWriter w, ScoredBatch batch)
    {
        var (model, request, outputs, scores, _) = batch;
        w.WriteStartObject();
        w.WriteString("model_name", ServingNames.ModelName);
        w.WriteString("model_version", model.Version);
        if (request.Id is not null)
        {
            w.WriteString("id", request.Id);
        }

        w.WriteStartObject("parameters");
        w.WriteString("root_digest", model.RootDigest);
        w.WriteString("score_rule", model.Rule.Id);
        w.WriteEndObject();
        w.WriteStartArray("outputs");
        if (request.WantTrustScore)
        {
            TensorStart(w, ServingNames.OutputName, "FP32", outputs.Length);
            if (request.TrustScoreBinary)
            {
                BinaryDataSize(w, outputs.Length);
            }
            else
            {
                w.WriteStartArray("data");
                foreach (float y in outputs)
                {
                    w.WriteNumberValue(y);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        if (request.WantIntegerScore)
        {
            TensorStart(w, ServingNames.IntegerOutputName, "INT32", scores.Length);
            if (request.IntegerScoreBinary)
            {
                BinaryDataSize(w, scores.Length);
            }
            else
            {
                w.WriteStartArray("data");
                foreach (int s in scores)
                {
                    w.WriteNumberValue(s);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        ReceiptResponseJson.Write(w, batch.Receipts);
        w.WriteString("root_digest", model.RootDigest);
        w.WriteEndObject();
    }

    /// <summary>The node's HTTP sidecar answer: <c>scores</c> (the binary32 outputs), <c>input_hash</c>, <c>model_hash</c> (keeper recipe), <c>latency_ms</c>.</summary>
    public static void SidecarPredict(Utf8JsonWriter w, ScoredBatch batch)
    {
        var (model, request, outputs, _, elapsed) = batch;
        w.WriteStartObject();
        w.WriteStartArray("scores");
        foreach (float y in outputs)
        {
            w.WriteNumberValue(y);
        }

        w.WriteEndArray();
        w.WriteString("input_hash", SidecarFields.InputHash(request.Features.AsSpan(0, request.Rows * FeatureSchema.Dimension)));
        w.WriteString("model_hash", model.KeeperHash);
        w.WriteNumber("latency_ms", elapsed.TotalMilliseconds);
        ReceiptResponseJson.Write(w, batch.Receipts);
        Identity(w, model);
        w.WriteEndObject();
    }

    public static void SidecarHealth(Utf8JsonWriter w, ServedModel model, ServiceHealth health)
    {
        w.WriteStartObject();
        w.WriteString("status", health.State.ToString().ToUpperInvariant());
        if (health.Problem.Length > 0)
        {
            w.WriteString("error_message", health.Problem);
        }

        w.WriteString("model_hash", model.KeeperHash);
        Identity(w, model);
        w.WriteEndObject();
    }

    public static void TfStatus(Utf8JsonWriter w, ServedModel model)
    {
        w.WriteStartObject();
        w.WriteStartArray("model_version_status");
        w.WriteStartObject();
        w.WriteString("version", model.Version);
        w.WriteString("state", "AVAILABLE");
        w.WriteStartObject("status");
        w.WriteString("error_code", "OK");
        w.WriteString("error_message", string.Empty);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        Identity(w, model);
        w.WriteString("loaded_at", model.LoadedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    /// <summary>TensorFlow Serving's <c>GetModelMetadata</c> document: the <c>serving_default</c> signature with its tensors.</summary>
    public static void TfMetadata(Utf8JsonWriter w, ServedModel model)
    {
        w.WriteStartObject();
        w.WriteStartObject("model_spec");
        w.WriteString("name", ServingNames.ModelName);
        w.WriteString("signature_name", string.Empty);
        w.WriteString("version", model.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteStartObject("signature_def");
        w.WriteStartObject("signature_def");
        w.WriteStartObject("serving_default");
        w.WriteStartObject("inputs");
        TfTensorInfo(w, ServingNames.InputName, "DT_FLOAT", FeatureSchema.Dimension);
        w.WriteEndObject();
        w.WriteStartObject("outputs");
        TfTensorInfo(w, ServingNames.OutputName, "DT_FLOAT", 1);
        TfTensorInfo(w, ServingNames.IntegerOutputName, "DT_INT32", 1);
        w.WriteEndObject();
        w.WriteString("method_name", "tensorflow/serving/predict");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        Identity(w, model);
        w.WriteEndObject();
    }

    public static void Health(Utf8JsonWriter w, ServedModel model, string name, bool value)
    {
        w.WriteStartObject();
        w.WriteBoolean(name, value);
        Identity(w, model);
        w.WriteEndObject();
    }

    public static void V2Server(Utf8JsonWriter w, ServedModel model)
    {
        w.WriteStartObject();
        w.WriteString("name", "trustscore");
        w.WriteString("version", typeof(ResponseJson).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        w.WriteStartArray("extensions");
        w.WriteStringValue("binary_tensor_data"); // docs/serving.md "Binary tensor data"
        w.WriteEndArray();
        Identity(w, model);
        w.WriteEndObject();
    }

    public static void V2Model(Utf8JsonWriter w, ServedModel model)
    {
        w.WriteStartObject();
        w.WriteString("name", ServingNames.ModelName);
        w.WriteStartArray("versions");
        w.WriteStringValue(model.Version);
        w.WriteEndArray();
        w.WriteString("platform", "trustscore_mlp");
        w.WriteStartArray("inputs");
        TensorMetadata(w, ServingNames.InputName, "FP32", FeatureSchema.Dimension);
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        TensorMetadata(w, ServingNames.OutputName, "FP32", 1);
        TensorMetadata(w, ServingNames.IntegerOutputName, "INT32", 1);
        w.WriteEndArray();
        w.WriteStartObject("parameters");
        w.WriteString("root_digest", model.RootDigest);
        w.WriteString("score_rule", model.Rule.Id);
        w.WriteString("feature_schema", FeatureSchema.Version);
        w.WriteEndObject();
        Identity(w, model);
        w.WriteEndObject();
    }

    public static void Error(Utf8JsonWriter w, ServedModel model, string message)
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        Identity(w, model);
        w.WriteEndObject();
    }

    private static void Identity(Utf8JsonWriter w, ServedModel model)
    {
        w.WriteString("model_version", model.Version);
        w.WriteString("root_digest", model.RootDigest);
        w.WriteString("keeper_hash", model.KeeperHash);
    }

    private static void TensorStart(Utf8JsonWriter w, string name, string datatype, int rows)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("datatype", datatype);
        w.WriteStartArray("shape");
        w.WriteNumberValue(rows);
        w.WriteNumberValue(1);
        w.WriteEndArray();
    }

    /// <summary>An output sent as binary tensor data: its byte count instead of <c>data</c> (the bytes follow the JSON).</summary>
    private static void BinaryDataSize(Utf8JsonWriter w, int elements)
    {
        w.WriteStartObject("parameters");
        w.WriteNumber(BinaryTensorData.SizeParameter, (long)elements * BinaryTensorData.ElementBytes);
        w.WriteEndObject();
    }

    private static void TfTensorInfo(Utf8JsonWriter w, string name, string dtype, int width)
    {
        w.WriteStartObject(name);
        w.WriteString("dtype", dtype);
        w.WriteStartObject("tensor_shape");
        w.WriteStartArray("dim");
        foreach (string size in new[] { "-1", width.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            w.WriteStartObject();
            w.WriteString("size", size);
            w.WriteString("name", string.Empty);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("unknown_rank", false);
        w.WriteEndObject();
        w.WriteString("name", name);
        w.WriteEndObject();
    }

    private static void TensorMetadata(Utf8JsonWriter w, string name, string datatype, int width)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("datatype", datatype);
        w.WriteStartArray("shape");
        w.WriteNumberValue(-1);
        w.WriteNumberValue(width);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
