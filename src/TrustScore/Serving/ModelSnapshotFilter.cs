using Microsoft.AspNetCore.Http;

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
    /// <summary>The route value a versioned path carries.</summary>
    public const string VersionRouteValue = "version";

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

    /// <summary><c>/v2/models/trust_score/versions/V[/infer|/ready]</c>: only the version being served answers.</summary>
    private static void RefuseOtherVersion(HttpContext context, ServedModel model)
    {
        if (context.Request.RouteValues.TryGetValue(VersionRouteValue, out object? value) && value is string version && version != model.Version)
        {
            throw new ServingRequestException(StatusCodes.Status404NotFound, $"version '{version}' of {ServingNames.ModelName} is not being served; {model.Version} ({model.RootDigest}) is");
        }
    }
}
