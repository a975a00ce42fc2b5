namespace TrustScore.Serving;

/// <summary>The routes the service answers, used as the <c>endpoint</c> label in <c>/metrics</c>.</summary>
public enum ServingEndpoint
{
    /// <summary>Anything not matched (answered 404/405).</summary>
    Unknown,

    /// <summary><c>POST /v1/models/trust_score:predict</c> (TensorFlow Serving REST).</summary>
    TfPredict,

    /// <summary><c>GET /v1/models/trust_score</c> (TensorFlow Serving model status).</summary>
    TfStatus,

    /// <summary><c>GET /v1/models/trust_score/metadata</c> (TensorFlow Serving signature metadata).</summary>
    TfMetadata,

    /// <summary><c>GET /v2/health/live</c>.</summary>
    V2Live,

    /// <summary><c>GET /v2/health/ready</c>.</summary>
    V2Ready,

    /// <summary><c>GET /v2</c> (server metadata).</summary>
    V2Server,

    /// <summary><c>GET /v2/models/trust_score</c> (model metadata).</summary>
    V2Model,

    /// <summary><c>GET /v2/models/trust_score/ready</c>.</summary>
    V2ModelReady,

    /// <summary><c>POST /v2/models/trust_score/infer</c> (Open Inference Protocol v2).</summary>
    V2Infer,

    /// <summary><c>GET /metrics</c> (Prometheus text format).</summary>
    Metrics,

    /// <summary><c>GET /health</c> (the node's HTTP sidecar health probe).</summary>
    SidecarHealth,

    /// <summary>gRPC <c>inference.v1.InferenceService/GetModelInfo</c>.</summary>
    GrpcGetModelInfo,

    /// <summary>gRPC <c>inference.v1.InferenceService/ComputeScore</c>.</summary>
    GrpcComputeScore,

    /// <summary>gRPC <c>inference.v1.InferenceService/HealthCheck</c>.</summary>
    GrpcHealthCheck,

    /// <summary>gRPC <c>inference.v1.InferenceService/GetMetrics</c>.</summary>
    GrpcGetMetrics,

    /// <summary>gRPC <c>inference.v1.InferenceService/VerifyDeterminism</c>.</summary>
    GrpcVerifyDeterminism,
}
