using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TrustScore.Serving;

/// <summary>
/// The one endpoint filter every HTTP route runs behind. It takes ONE snapshot of the current
/// model at the start of the request — so the headers, the body and the scores all come from the
/// same verified model even if a swap lands mid-request — and hands it to the endpoint as a
/// request feature; refuses a pinned <c>{version}</c> that is not the one served; turns refusals
/// into JSON errors (nothing a client sends produces a 500); and records the request in
/// <see cref="ServingMetrics"/> under the endpoint's <see cref="EndpointLabel"/>.
/// </summary>
internal sealed class ModelSnapshotFilter(ActiveModelWatcher models, ServingMetrics metrics, ServeOptions options, TimeProvider time) : IEndpointFilter
{
    /// <summary>The route value an Open Inference versioned path carries (the version name).</summary>
    public const string VersionRouteValue = "version";

    /// <summary>The route value a TensorFlow Serving versioned path carries (the registry sequence number).</summary>
    public const string TfVersionRouteValue = "tfversion";

    /// <summary>The route value a TensorFlow Serving labelled path carries.</summary>
    public const string TfLabelRouteValue = "tflabel";

    /// <summary>The one label served: the active model.</summary>
    public const string StableLabel = "stable";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        HttpContext context = invocation.HttpContext;
        long start = time.GetTimestamp();
        metrics.StartRequest();
        ServedModel model = models.Current;
        context.Features.Set(model);
        context.Response.Headers[ServingNames.VersionHeader] = model.Version;
        context.Response.Headers[ServingNames.DigestHeader] = model.RootDigest;
        ServingEndpoint endpoint = context.GetEndpoint()?.Metadata.GetMetadata<EndpointLabel>()?.Endpoint ?? ServingEndpoint.Unknown;
        int status = StatusCodes.Status500InternalServerError; // only if something unforeseen escapes (e.g. the connection breaks mid-write)
        try
        {
            try
            {
                RefuseOtherVersion(context, model);
                await next(invocation).ConfigureAwait(false);
                status = context.Response.StatusCode;
            }
            catch (ServingRequestException ex)
            {
                status = ex.Status;
                await ServingHandler.WriteErrorAsync(context, ex.Status, ex.Message, model).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex)
            {
                status = ex.StatusCode;
                string message = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"the request body is larger than {options.MaxBodyBytes} bytes (--max-body-bytes)"
                    : $"bad request: {ex.Message}";
                await ServingHandler.WriteErrorAsync(context, status, message, model).ConfigureAwait(false);
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

        return Results.Empty;
    }

    /// <summary>
    /// Only the model being served answers a pinned path: <c>/v2/models/trust_score/versions/NAME…</c>,
    /// <c>/v1/models/trust_score/versions/SEQUENCE…</c> or <c>/v1/models/trust_score/labels/stable…</c>.
    /// </summary>
    private static void RefuseOtherVersion(HttpContext context, ServedModel model)
    {
        RouteValueDictionary route = context.Request.RouteValues;
        if (route.TryGetValue(VersionRouteValue, out object? value) && value is string version && version != model.Version)
        {
            throw new ServingRequestException(StatusCodes.Status404NotFound, $"version '{version}' of {ServingNames.ModelName} is not being served; {model.Version} ({model.RootDigest}) is");
        }

        string sequence = model.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (route.TryGetValue(TfVersionRouteValue, out value) && value is string number && number != sequence)
        {
            throw new ServingRequestException(StatusCodes.Status404NotFound, $"version {number} of {ServingNames.ModelName} is not being served; this service serves one model, the active {model.Version}, which is registry version {sequence}");
        }

        if (route.TryGetValue(TfLabelRouteValue, out value) && value is string label && label != StableLabel)
        {
            throw new ServingRequestException(StatusCodes.Status404NotFound, $"label '{label}' of {ServingNames.ModelName} is not served; the one label is '{StableLabel}' (the active {model.Version}, registry version {sequence})");
        }
    }
}
