namespace TrustScore.Serving;

/// <summary>
/// The service's health as the node's sidecar probes report it (gRPC <c>HealthCheck</c>,
/// <c>GET /health</c>): healthy while serving the model the pointer names; degraded while
/// serving the old model because a new target is being verified or was refused; unhealthy
/// while stopping.
/// </summary>
/// <param name="State">HEALTHY, DEGRADED or UNHEALTHY.</param>
/// <param name="Problem">Why it is not healthy; empty when healthy.</param>
public sealed record ServiceHealth(ServiceHealthState State, string Problem)
{
    /// <summary>The health now, for a request answered by <paramref name="model"/>.</summary>
    public static ServiceHealth Of(ActiveModelWatcher models, ServedModel model, bool stopping) =>
        stopping
            ? new(ServiceHealthState.Unhealthy, "the service is stopping")
            : models.Verifying is { } target
                ? new(ServiceHealthState.Degraded, $"verifying '{target}' before swapping to it; still serving {model.Version}")
                : models.Refusal is { } refusal
                    ? new(ServiceHealthState.Degraded, refusal)
                    : new(ServiceHealthState.Healthy, string.Empty);
}

/// <summary>The three health states of <see cref="ServiceHealth"/> (named as the node's proto names them).</summary>
public enum ServiceHealthState
{
    /// <summary>Serving the model the active pointer names.</summary>
    Healthy,

    /// <summary>Serving, but the pointer names a target being verified or refused.</summary>
    Degraded,

    /// <summary>Stopping.</summary>
    Unhealthy,
}
