namespace TrustScore.Serving;

/// <summary>Endpoint metadata naming the route for <c>/metrics</c>; a route without one counts as <see cref="ServingEndpoint.Unknown"/>.</summary>
/// <param name="Endpoint">The route.</param>
internal sealed record EndpointLabel(ServingEndpoint Endpoint);
