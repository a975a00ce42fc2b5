using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TrustScore.Serving;

/// <summary>
/// The HTTP routes of the service (docs/serving.md) as ASP.NET Core minimal-API endpoints, all in
/// one group behind <see cref="ModelSnapshotFilter"/>. Each served path also answers every other
/// method with a JSON 405 (a catch-all endpoint of lower priority), and anything else falls back
/// to a JSON 404.
/// </summary>
internal static class ServingRoutes
{
    private const string Model = "/v1/models/" + ServingNames.ModelName;
    private const string V2Model = "/v2/models/" + ServingNames.ModelName;
    private const string Versioned = V2Model + "/versions/{" + ModelSnapshotFilter.VersionRouteValue + "}";
    private const string TfVersioned = Model + "/versions/{" + ModelSnapshotFilter.TfVersionRouteValue + "}";
    private const string TfLabelled = Model + "/labels/{" + ModelSnapshotFilter.TfLabelRouteValue + "}";

    public static void Map(IEndpointRouteBuilder app, ServingHandler handler, ModelSnapshotFilter filter)
    {
        RouteGroupBuilder group = app.MapGroup(string.Empty);
        group.AddEndpointFilter(filter);
        foreach (string model in new[] { Model, TfVersioned, TfLabelled })
        {
            Post(group, model + ":predict", ServingEndpoint.TfPredict, handler.PredictAsync);
            Get(group, model, ServingEndpoint.TfStatus, ServingHandler.TfStatusAsync);
            Get(group, model + "/metadata", ServingEndpoint.TfMetadata, ServingHandler.TfMetadataAsync);
        }

        Get(group, "/v2/health/live", ServingEndpoint.V2Live, ServingHandler.LiveAsync);
        Get(group, "/v2/health/ready", ServingEndpoint.V2Ready, handler.ReadyAsync);
        Get(group, "/v2", ServingEndpoint.V2Server, ServingHandler.V2ServerAsync);
        foreach (string model in new[] { V2Model, Versioned })
        {
            Get(group, model, ServingEndpoint.V2Model, ServingHandler.V2ModelAsync);
            Get(group, model + "/ready", ServingEndpoint.V2ModelReady, handler.ReadyAsync);
            Post(group, model + "/infer", ServingEndpoint.V2Infer, handler.V2InferAsync);
        }

        Get(group, "/metrics", ServingEndpoint.Metrics, handler.MetricsAsync);
        Get(group, "/health", ServingEndpoint.SidecarHealth, handler.SidecarHealthAsync);
        group.MapFallback("{*path}", ServingHandler.UnknownPathAsync);
    }

    private static void Get(RouteGroupBuilder group, string pattern, ServingEndpoint label, RequestDelegate handle)
    {
        group.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], handle).WithMetadata(new EndpointLabel(label));
        group.Map(pattern, ServingHandler.MethodNotAllowed("GET, HEAD", HttpMethods.Get)).WithOrder(1);
    }

    private static void Post(RouteGroupBuilder group, string pattern, ServingEndpoint label, RequestDelegate handle)
    {
        group.MapPost(pattern, handle).WithMetadata(new EndpointLabel(label));
        group.Map(pattern, ServingHandler.MethodNotAllowed(HttpMethods.Post, HttpMethods.Post)).WithOrder(1);
    }
}
