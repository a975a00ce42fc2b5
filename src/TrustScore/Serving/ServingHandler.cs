using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;

namespace TrustScore.Serving;

/// <summary>
/// The endpoints of the HTTP service (docs/serving.md), mapped by <see cref="ServingRoutes"/>.
/// Each runs behind <see cref="ModelSnapshotFilter"/>, which has already taken the one model
/// snapshot the whole request uses (read here with <see cref="Model"/>) and turns a
/// <see cref="ServingRequestException"/> into a JSON error. Scoring reads the body within the size
/// limit, parses it with the protocol's parser, scores and writes the protocol's JSON.
/// </summary>
internal sealed class ServingHandler(ActiveModelWatcher models, ServingMetrics metrics, ServeOptions options, TimeProvider time, CancellationToken stopping, ReceiptIssuer? receipts = null)
{
    private const string JsonContentType = "application/json";

    /// <summary>Parses one protocol's body into rows (400 on anything wrong); <paramref name="headerLength"/> is the Open Inference binary-data header (null when absent).</summary>
    private delegate ScoringRequest BodyParser(ReadOnlySpan<byte> body, long? headerLength, int maxBatch);

    /// <summary>Picks the protocol of a body sent to a path two protocols share.</summary>
    private delegate ScoringProtocol ProtocolChooser(ReadOnlySpan<byte> body);

    private static readonly ScoringProtocol TfPredict = new(static (body, _, maxBatch) => TfPredictParser.Parse(body, maxBatch), ResponseJson.TfPredict);
    private static readonly ScoringProtocol SidecarPredict = new(static (body, _, maxBatch) => SidecarPredictParser.Parse(body, maxBatch), ResponseJson.SidecarPredict);
    private static readonly ScoringProtocol V2Infer = new(V2InferParser.Parse, ResponseJson.V2Infer);

    /// <summary>The model snapshot the filter took for this request.</summary>
    public static ServedModel Model(HttpContext context) => context.Features.Get<ServedModel>() ?? throw new InvalidOperationException("the model snapshot filter did not run");

    /// <summary><c>:predict</c>: TensorFlow Serving's <c>instances</c> body, or the node's sidecar <c>features</c> body.</summary>
    public Task PredictAsync(HttpContext context) =>
        ScoreAsync(context, static body => SidecarPredictParser.IsSidecarBody(body) ? SidecarPredict : TfPredict);

    public Task V2InferAsync(HttpContext context) =>
        ScoreAsync(context, static _ => V2Infer);

    /// <summary><c>GET /health</c>, the node's HTTP sidecar probe: 200 while serving (healthy or degraded), 503 while stopping.</summary>
    public Task SidecarHealthAsync(HttpContext context)
    {
        ServedModel model = Model(context);
        ServiceHealth health = ServiceHealth.Of(models, model, stopping.IsCancellationRequested);
        int status = health.State == ServiceHealthState.Unhealthy ? 503 : 200;
        return WriteJsonAsync(context, status, w => ResponseJson.SidecarHealth(w, model, health));
    }

    public static Task TfStatusAsync(HttpContext context) =>
        WriteJsonAsync(context, 200, w => ResponseJson.TfStatus(w, Model(context)));

    public static Task TfMetadataAsync(HttpContext context) =>
        WriteJsonAsync(context, 200, w => ResponseJson.TfMetadata(w, Model(context)));

    public static Task LiveAsync(HttpContext context) =>
        WriteJsonAsync(context, 200, w => ResponseJson.Health(w, Model(context), "live", true));

    public Task ReadyAsync(HttpContext context)
    {
        bool ready = !stopping.IsCancellationRequested;
        return WriteJsonAsync(context, ready ? 200 : 503, w => ResponseJson.Health(w, Model(context), "ready", ready));
    }

    public static Task V2ServerAsync(HttpContext context) =>
        WriteJsonAsync(context, 200, w => ResponseJson.V2Server(w, Model(context)));

    public static Task V2ModelAsync(HttpContext context) =>
        WriteJsonAsync(context, 200, w => ResponseJson.V2Model(w, Model(context)));

    public async Task MetricsAsync(HttpContext context)
    {
        byte[] text = Encoding.UTF8.GetBytes(metrics.Render());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        context.Response.ContentLength = text.Length;
        await context.Response.Body.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Anything no route matched: 404 naming what is served instead.</summary>
    public static Task UnknownPathAsync(HttpContext context) =>
        throw new ServingRequestException(StatusCodes.Status404NotFound, UnknownPath(TrimmedPath(context.Request)));

    /// <summary>A served path asked with the wrong method: 405 with <c>Allow</c>.</summary>
    public static RequestDelegate MethodNotAllowed(string allowed, string use) => context =>
    {
        context.Response.Headers.Allow = allowed;
        throw new ServingRequestException(StatusCodes.Status405MethodNotAllowed, $"{context.Request.Method} is not allowed on {TrimmedPath(context.Request)}; use {use}");
    };

    private static string TrimmedPath(HttpRequest request)
    {
        string path = request.Path.Value ?? "/";
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static string UnknownPath(string path)
    {
        if (path.StartsWith("/v2/models/", StringComparison.Ordinal) || path.StartsWith("/v1/models/", StringComparison.Ordinal))
        {
            string name = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[2].Split(':')[0];
            if (name != ServingNames.ModelName)
            {
                return $"model '{name}' is not served here; this service serves '{ServingNames.ModelName}'";
            }
        }

        return $"no endpoint at {path}; see docs/serving.md (TensorFlow Serving /v1/models/{ServingNames.ModelName}[:predict], Open Inference Protocol /v2/…, /metrics)";
    }

    /// <summary>The one scoring path of every protocol: read the body, parse, score, write.</summary>
    private async Task ScoreAsync(HttpContext context, ProtocolChooser choose)
    {
        long start = time.GetTimestamp();
        ServedModel model = Model(context);
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        ScoringProtocol protocol;
        ScoringRequest request;
        try
        {
            protocol = choose(body.AsSpan(0, length));
            long? headerLength = protocol == V2Infer ? BinaryTensorData.HeaderLength(context.Request.Headers[BinaryTensorData.HeaderName]) : null;
            request = protocol.Parse(body.AsSpan(0, length), headerLength, options.MaxBatch);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }

        try
        {
            var outputs = new float[request.Rows];
            try
            {
                model.Scorer.Score(request.Features.AsSpan(0, request.Rows * FeatureSchema.Dimension), request.Rows, outputs);
            }
            catch (ArgumentException ex)
            {
                throw new ServingRequestException(StatusCodes.Status400BadRequest, ex.Message);
            }

            var scores = new int[request.Rows];
            for (int i = 0; i < outputs.Length; i++)
            {
                scores[i] = model.IntegerScore(outputs[i]);
            }

            Receipts.InferenceReceipt[]? issued = null;
            if (receipts is not null)
            {
                var receiptContext = ReceiptContextReader.Read(name => context.Request.Headers[name].FirstOrDefault(), receipts.ChainId, time, requestId: request.Id);
                issued = receipts.Issue(model, request.Features.AsSpan(0, request.Rows * FeatureSchema.Dimension), outputs, receiptContext);
            }

            metrics.AddRows(request.Rows, time.GetUtcNow());
            var scored = new ScoredBatch(model, request, outputs, scores, time.GetElapsedTime(start)) { Receipts = issued };
            await WriteJsonAsync(context, 200, w => protocol.Write(w, scored), scored).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(request.Features);
        }
    }

    /// <summary>One protocol's body parser and response writer.</summary>
    private sealed record ScoringProtocol(BodyParser Parse, Action<Utf8JsonWriter, ScoredBatch> Write);

    /// <summary>
    /// How much of an oversized body is read and discarded before the 413 is sent. Answering
    /// while the client is still sending makes the kernel reset the connection, and the client
    /// then sees "response ended prematurely" instead of the JSON error; Kestrel's own limit is
    /// set to this, so anything larger is cut off.
    /// </summary>
    public static long DrainLimit(long maxBodyBytes) => (2 * maxBodyBytes) + (1024 * 1024);

    /// <summary>
    /// Reads the whole body into a pooled array (returned by the caller), refusing more than
    /// --max-body-bytes with 413.
    /// </summary>
    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContext context)
    {
        long limit = options.MaxBodyBytes;
        long? declared = context.Request.ContentLength;
        if (declared > limit)
        {
            await DrainAsync(context, declared.Value).ConfigureAwait(false);
            throw new ServingRequestException(StatusCodes.Status413PayloadTooLarge, $"the request body has {declared} bytes; at most {limit} are accepted (--max-body-bytes)");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, declared is { } n ? n + 1 : 16 * 1024));
        int length = 0;
        try
        {
            while (true)
            {
                int capacity = (int)Math.Min(buffer.Length, limit + 1);
                if (length == capacity)
                {
                    if (length > limit)
                    {
                        await DrainAsync(context, null).ConfigureAwait(false);
                        throw new ServingRequestException(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {limit} bytes (--max-body-bytes)");
                    }

                    byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    continue;
                }

                int read = await context.Request.Body.ReadAsync(buffer.AsMemory(length, capacity - length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
    }

    /// <summary>Discards the rest of an oversized body (bounded by <see cref="DrainLimit"/>) and closes the connection after the answer.</summary>
    private async Task DrainAsync(HttpContext context, long? declared)
    {
        context.Response.Headers.Connection = "close";
        if (declared > DrainLimit(options.MaxBodyBytes))
        {
            return;
        }

        byte[] scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(scratch, context.RequestAborted).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message, ServedModel model)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        return WriteJsonAsync(context, status, w => ResponseJson.Error(w, model, message));
    }

    /// <summary>
    /// Writes a JSON answer; for a scored batch with outputs asked for as binary tensor data, the
    /// raw bytes follow the JSON and <c>Inference-Header-Content-Length</c> gives the JSON's length.
    /// </summary>
    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write, ScoredBatch? scored = null)
    {
        // Sized for the answer up front (about 24 bytes per scored row) so the buffer does not regrow.
        var buffer = new ArrayBufferWriter<byte>(512 + (24 * (scored?.Outputs.Length ?? 0)));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        int jsonLength = buffer.WrittenCount;
        context.Response.StatusCode = status;
        if (scored is not null && BinaryTensorData.AppendOutputs(buffer, scored))
        {
            context.Response.ContentType = BinaryTensorData.ContentType;
            context.Response.Headers[BinaryTensorData.HeaderName] = jsonLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            context.Response.ContentType = JsonContentType;
        }

        context.Response.ContentLength = buffer.WrittenCount;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
