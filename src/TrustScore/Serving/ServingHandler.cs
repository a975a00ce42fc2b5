using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;

namespace TrustScore.Serving;

/// <summary>
/// Answers every HTTP request of the service (issue 11 item 2): routes by method and path,
/// takes ONE model snapshot at the start (so the headers, the body and the scores all come from
/// the same verified model even if a swap lands mid-request), reads the body within the size
/// limit, scores, and writes JSON. Refusals become 400/404/405/413 JSON errors; nothing a client
/// sends produces a 500. Every response carries the model version and root digest in
/// <see cref="VersionHeader"/> and <see cref="DigestHeader"/> and, for JSON, in the body.
/// </summary>
internal sealed class ServingHandler(ActiveModelWatcher models, ServingMetrics metrics, ServeOptions options, TimeProvider time, CancellationToken stopping)
{
    /// <summary>Response header naming the model version that answered.</summary>
    public const string VersionHeader = "TrustScore-Model-Version";

    /// <summary>Response header carrying that model's root digest.</summary>
    public const string DigestHeader = "TrustScore-Model-Digest";

    /// <summary>The one model name served.</summary>
    public const string ModelName = "trust_score";

    private const string JsonContentType = "application/json";

    public async Task HandleAsync(HttpContext context)
    {
        long start = time.GetTimestamp();
        metrics.StartRequest();
        ServedModel model = models.Current;
        HttpResponse response = context.Response;
        response.Headers[VersionHeader] = model.Version;
        response.Headers[DigestHeader] = model.RootDigest;
        ServingEndpoint endpoint = ServingEndpoint.Unknown;
        int status = StatusCodes.Status500InternalServerError; // only if something unforeseen escapes (e.g. the connection breaks mid-write)
        try
        {
            try
            {
                endpoint = Route(context.Request, model);
                status = await DispatchAsync(context, endpoint, model).ConfigureAwait(false);
            }
            catch (ServingRequestException ex)
            {
                status = ex.Status;
                await WriteErrorAsync(context, ex.Status, ex.Message, model).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex)
            {
                status = ex.StatusCode;
                string message = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"the request body is larger than {options.MaxBodyBytes} bytes (--max-body-bytes)"
                    : $"bad request: {ex.Message}";
                await WriteErrorAsync(context, status, message, model).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                status = 499; // the client went away; nothing to answer
            }
        }
        finally
        {
            metrics.RecordRequest(endpoint, status, time.GetElapsedTime(start));
        }
    }

    private static ServingEndpoint Route(HttpRequest request, ServedModel model)
    {
        string path = request.Path.Value ?? "/";
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }

        (ServingEndpoint endpoint, string method) = path switch
        {
            "/v1/models/" + ModelName + ":predict" => (ServingEndpoint.TfPredict, HttpMethods.Post),
            "/v1/models/" + ModelName => (ServingEndpoint.TfStatus, HttpMethods.Get),
            "/v2/health/live" => (ServingEndpoint.V2Live, HttpMethods.Get),
            "/v2/health/ready" => (ServingEndpoint.V2Ready, HttpMethods.Get),
            "/v2" => (ServingEndpoint.V2Server, HttpMethods.Get),
            "/v2/models/" + ModelName => (ServingEndpoint.V2Model, HttpMethods.Get),
            "/v2/models/" + ModelName + "/ready" => (ServingEndpoint.V2ModelReady, HttpMethods.Get),
            "/v2/models/" + ModelName + "/infer" => (ServingEndpoint.V2Infer, HttpMethods.Post),
            "/metrics" => (ServingEndpoint.Metrics, HttpMethods.Get),
            _ => RouteVersioned(path, model),
        };
        if (endpoint == ServingEndpoint.Unknown)
        {
            throw new ServingRequestException(StatusCodes.Status404NotFound, UnknownPath(path));
        }

        bool allowed = HttpMethods.Equals(request.Method, method) || (method == HttpMethods.Get && HttpMethods.IsHead(request.Method));
        if (!allowed)
        {
            throw new ServingRequestException(StatusCodes.Status405MethodNotAllowed, $"{request.Method} is not allowed on {path}; use {method}");
        }

        return endpoint;
    }

    /// <summary><c>/v2/models/trust_score/versions/V[/infer|/ready]</c>: only the version being served answers.</summary>
    private static (ServingEndpoint, string) RouteVersioned(string path, ServedModel model)
    {
        const string prefix = "/v2/models/" + ModelName + "/versions/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (ServingEndpoint.Unknown, HttpMethods.Get);
        }

        string rest = path[prefix.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string version = slash < 0 ? rest : rest[..slash];
        string tail = slash < 0 ? string.Empty : rest[slash..];
        if (version != model.Version)
        {
            throw new ServingRequestException(StatusCodes.Status404NotFound, $"version '{version}' of {ModelName} is not being served; {model.Version} ({model.RootDigest}) is");
        }

        return tail switch
        {
            "" => (ServingEndpoint.V2Model, HttpMethods.Get),
            "/ready" => (ServingEndpoint.V2ModelReady, HttpMethods.Get),
            "/infer" => (ServingEndpoint.V2Infer, HttpMethods.Post),
            _ => (ServingEndpoint.Unknown, HttpMethods.Get),
        };
    }

    private static string UnknownPath(string path)
    {
        if (path.StartsWith("/v2/models/", StringComparison.Ordinal) || path.StartsWith("/v1/models/", StringComparison.Ordinal))
        {
            string name = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[2].Split(':')[0];
            if (name != ModelName)
            {
                return $"model '{name}' is not served here; this service serves '{ModelName}'";
            }
        }

        return $"no endpoint at {path}; see docs/serving.md (TensorFlow Serving /v1/models/{ModelName}[:predict], Open Inference Protocol /v2/…, /metrics)";
    }

    private async Task<int> DispatchAsync(HttpContext context, ServingEndpoint endpoint, ServedModel model)
    {
        switch (endpoint)
        {
            case ServingEndpoint.TfPredict:
            {
                var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
                ScoringRequest request;
                try
                {
                    request = RequestParser.ParseTfPredict(body.AsSpan(0, length), options.MaxBatch);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(body);
                }

                var (outputs, scores) = Score(model, request);
                return await WriteJsonAsync(context, 200, w => ResponseJson.TfPredict(w, model, outputs, scores)).ConfigureAwait(false);
            }

            case ServingEndpoint.V2Infer:
            {
                var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
                ScoringRequest request;
                try
                {
                    request = RequestParser.ParseV2Infer(body.AsSpan(0, length), options.MaxBatch);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(body);
                }

                var (outputs, scores) = Score(model, request);
                return await WriteJsonAsync(context, 200, w => ResponseJson.V2Infer(w, model, request, outputs, scores)).ConfigureAwait(false);
            }

            case ServingEndpoint.TfStatus:
                return await WriteJsonAsync(context, 200, w => ResponseJson.TfStatus(w, model)).ConfigureAwait(false);
            case ServingEndpoint.V2Live:
                return await WriteJsonAsync(context, 200, w => ResponseJson.Health(w, model, "live", true)).ConfigureAwait(false);
            case ServingEndpoint.V2Ready:
            case ServingEndpoint.V2ModelReady:
            {
                bool ready = !stopping.IsCancellationRequested;
                return await WriteJsonAsync(context, ready ? 200 : 503, w => ResponseJson.Health(w, model, "ready", ready)).ConfigureAwait(false);
            }

            case ServingEndpoint.V2Server:
                return await WriteJsonAsync(context, 200, w => ResponseJson.V2Server(w, model)).ConfigureAwait(false);
            case ServingEndpoint.V2Model:
                return await WriteJsonAsync(context, 200, w => ResponseJson.V2Model(w, model)).ConfigureAwait(false);
            case ServingEndpoint.Metrics:
            {
                byte[] text = Encoding.UTF8.GetBytes(metrics.Render());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                context.Response.ContentLength = text.Length;
                await context.Response.Body.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
                return 200;
            }

            default:
                throw new ServingRequestException(StatusCodes.Status404NotFound, UnknownPath(context.Request.Path.Value ?? "/"));
        }
    }

    private (float[] Outputs, int[] Scores) Score(ServedModel model, ScoringRequest request)
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
        finally
        {
            ArrayPool<float>.Shared.Return(request.Features);
        }

        var scores = new int[request.Rows];
        for (int i = 0; i < outputs.Length; i++)
        {
            scores[i] = model.Rule.ToScore(outputs[i]);
        }

        metrics.AddRows(request.Rows);
        return (outputs, scores);
    }

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

    private static Task<int> WriteErrorAsync(HttpContext context, int status, string message, ServedModel model)
    {
        if (context.Response.HasStarted)
        {
            return Task.FromResult(status);
        }

        if (status == StatusCodes.Status405MethodNotAllowed)
        {
            context.Response.Headers.Allow = context.Request.Method == HttpMethods.Post ? "GET, HEAD" : "POST";
        }

        return WriteJsonAsync(context, status, w => ResponseJson.Error(w, model, message));
    }

    private static async Task<int> WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = buffer.WrittenCount;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }

        return status;
    }
}
