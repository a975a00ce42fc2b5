using System.Globalization;
using System.Text;
using Grpc.Core;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Receipts;
using TrustScore.Serving.Grpc.V1;

namespace TrustScore.Serving.Grpc;

/// <summary>
/// The VirtEngine node's scoring sidecar, gRPC <c>inference.v1.InferenceService</c>
/// (docs/serving.md, "gRPC sidecar"), served from the same process and the same hot-swapped
/// model as the HTTP protocols. Each call takes one snapshot of the current model and answers
/// from it alone. A bad request is <see cref="StatusCode.InvalidArgument"/> with the reason.
/// </summary>
internal sealed class InferenceGrpcService(ActiveModelWatcher models, ServingMetrics metrics, TimeProvider time, DateTimeOffset startedAt, CancellationToken stopping, ReceiptIssuer? receipts = null)
    : InferenceService.InferenceServiceBase
{
    private const string AllVectors = "all";

    /// <summary>The endpoints whose requests count as inferences in <c>GetMetrics</c>.</summary>
    private static readonly ServingEndpoint[] ScoringEndpoints = [ServingEndpoint.GrpcComputeScore, ServingEndpoint.TfPredict, ServingEndpoint.V2Infer];

    public override Task<GetModelInfoResponse> GetModelInfo(GetModelInfoRequest request, ServerCallContext context) =>
        Answer(ServingEndpoint.GrpcGetModelInfo, model => new GetModelInfoResponse
        {
            Version = model.Version,
            Hash = model.KeeperHash,
            InputDim = FeatureSchema.Dimension,
            OutputDim = 1,
            TensorflowVersion = string.Empty,
            ExportTimestamp = string.Empty,
            PipelineVersion = "trustscore " + (typeof(InferenceGrpcService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
            DeterminismConfig = new DeterminismConfig
            {
                ForceCpu = true,
                RandomSeed = 0,
                InterOpParallelism = 1,
                IntraOpParallelism = 1,
                DeterministicOps = true,
            },
        });

    public override Task<ComputeScoreResponse> ComputeScore(ComputeScoreRequest request, ServerCallContext context) =>
        Answer(ServingEndpoint.GrpcComputeScore, model =>
        {
            long start = time.GetTimestamp();
            float[] features = Features(request.Features, "features");
            float raw = model.Scorer.Score(features);
            int score = model.IntegerScore(raw);
            float confidence = SidecarFields.Confidence(raw);
            var response = new ComputeScoreResponse
            {
                Score = (uint)score,
                RawScore = raw,
                Confidence = confidence,
                InputHash = SidecarFields.InputHash(features),
                OutputHash = SidecarFields.OutputHash([raw]),
                ModelVersion = model.Version,
                ModelHash = model.KeeperHash,
                ComputeTimeMs = (long)time.GetElapsedTime(start).TotalMilliseconds,
            };
            response.ReasonCodes.AddRange(SidecarFields.ReasonCodes(features, score, confidence));
            if (request.ReturnContributions)
            {
                // From the vector as sent (block-height fraction included), as the node's own scorer does.
                foreach (var (name, value) in SidecarFields.FeatureContributions(request.Features))
                {
                    response.FeatureContributions[name] = value;
                }
            }
            if (receipts is not null)
            {
                response.ReceiptJson = Encoding.UTF8.GetString(ReceiptJson.ToBytes(Receipt(model, request, context, features, raw), indented: false));
            }

            metrics.AddRows(1, time.GetUtcNow());
            return response;
        });

    public override Task<HealthCheckResponse> HealthCheck(HealthCheckRequest request, ServerCallContext context) =>
        Answer(ServingEndpoint.GrpcHealthCheck, model =>
        {
            ServiceHealth health = ServiceHealth.Of(models, model, stopping.IsCancellationRequested);
            return new HealthCheckResponse
            {
                Status = health.State switch
                {
                    ServiceHealthState.Healthy => HealthStatus.Healthy,
                    ServiceHealthState.Degraded => HealthStatus.Degraded,
                    _ => HealthStatus.Unhealthy,
                },
                ModelLoaded = true,
                ModelVersion = model.Version,
                ModelHash = model.KeeperHash,
                UptimeSeconds = UptimeSeconds(),
                LastInferenceTimestamp = metrics.LastScoredAt is { } at ? at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : string.Empty,
                ErrorMessage = health.Problem,
            };
        });

    public override Task<GetMetricsResponse> GetMetrics(GetMetricsRequest request, ServerCallContext context) =>
        Answer(ServingEndpoint.GrpcGetMetrics, model =>
        {
            ScoringSummary summary = metrics.Summarize(ScoringEndpoints);
            var response = new GetMetricsResponse
            {
                TotalInferences = (ulong)summary.Total,
                SuccessfulInferences = (ulong)summary.Succeeded,
                FailedInferences = (ulong)summary.Failed,
                AverageLatencyMs = (float)summary.MeanLatencyMs,
                P99LatencyMs = (float)summary.P99LatencyMs,
                ModelVersion = model.Version,
                ModelHash = model.KeeperHash,
                UptimeSeconds = UptimeSeconds(),
                MemoryUsageMb = Environment.WorkingSet / (1024f * 1024f),
            };
            foreach (var (bound, count) in summary.Histogram)
            {
                response.LatencyHistogram[bound] = (ulong)count;
            }

            return response;
        });

    public override Task<VerifyDeterminismResponse> VerifyDeterminism(VerifyDeterminismRequest request, ServerCallContext context) =>
        Answer(ServingEndpoint.GrpcVerifyDeterminism, model =>
        {
            if (request.TestVectorId.Length == 0 && request.CustomInput.Count > 0)
            {
                float[] input = Features(request.CustomInput, "custom_input");
                string actual = SidecarFields.OutputHash([model.Scorer.Score(input)]);
                bool given = request.ExpectedOutputHash.Length > 0;
                var custom = new VerifyDeterminismResponse
                {
                    Passed = given && string.Equals(actual, request.ExpectedOutputHash, StringComparison.OrdinalIgnoreCase),
                    ActualOutputHash = actual,
                    ExpectedOutputHash = request.ExpectedOutputHash,
                };
                if (!custom.Passed)
                {
                    custom.Differences.Add(given ? $"output hash {actual} differs from the expected {request.ExpectedOutputHash}" : "expected_output_hash is empty, so nothing was compared");
                }

                return custom;
            }

            return SealedVectors(model, request.TestVectorId);
        });

    /// <summary>Re-runs one sealed conformance vector (or all, for an empty id) and compares the output bits.</summary>
    private static VerifyDeterminismResponse SealedVectors(ServedModel model, string id)
    {
        IReadOnlyList<ConformanceVector> vectors = id.Length == 0 || id == AllVectors
            ? model.Conformance.Vectors
            : model.Conformance.Vectors.Where(v => v.Name == id).ToArray();
        if (vectors.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"test_vector_id '{id}' is not one of the model's {model.Conformance.Vectors.Count} conformance vectors ({string.Join(", ", model.Conformance.Vectors.Take(3).Select(v => v.Name))}, …)"));
        }

        var actual = new float[vectors.Count];
        var expected = new float[vectors.Count];
        var response = new VerifyDeterminismResponse { TestVectorId = id.Length == 0 ? AllVectors : id };
        for (int i = 0; i < vectors.Count; i++)
        {
            actual[i] = model.Scorer.Score(vectors[i].Features.Span);
            expected[i] = vectors[i].Output;
            uint bits = BitConverter.SingleToUInt32Bits(actual[i]);
            if (bits != vectors[i].OutputBits)
            {
                response.Differences.Add($"{vectors[i].Name}: expected output bits 0x{vectors[i].OutputBits:x8}, got 0x{bits:x8}");
            }
        }

        if (vectors.Count > 1)
        {
            // The sealed check also scores them as one batch: a batch must give each row's own bits.
            ConformanceResult batch = model.Conformance.Check(model.Scorer);
            if (!batch.Passed && response.Differences.Count == 0)
            {
                response.Differences.Add(batch.Describe());
            }
        }

        response.Passed = response.Differences.Count == 0;
        response.ActualOutputHash = SidecarFields.OutputHash(actual);
        response.ExpectedOutputHash = SidecarFields.OutputHash(expected);
        return response;
    }

    /// <summary>Copies and validates a feature vector: 768 values, schema v2; otherwise INVALID_ARGUMENT.</summary>
    private static float[] Features(IList<float> values, string field)
    {
        if (values.Count != FeatureSchema.Dimension)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} has {values.Count} values; expected {FeatureSchema.Dimension} (feature schema v{FeatureSchema.Version})"));
        }

        float[] features = [.. values];
        string? problem = FeatureSchema.ValidateForScoring(features);
        return problem is null ? features : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: {problem}"));
    }

    /// <summary>The signed receipt of one ComputeScore: context from the request's metadata, then its gRPC metadata headers.</summary>
    private InferenceReceipt Receipt(ServedModel model, ComputeScoreRequest request, ServerCallContext context, float[] features, float raw)
    {
        ReceiptContext receiptContext;
        try
        {
            receiptContext = ReceiptContextReader.Read(
                name => context.RequestHeaders.GetValue(name.ToLowerInvariant()),
                receipts!.ChainId,
                time,
                requestId: request.Metadata?.RequestId,
                account: request.Metadata?.AccountAddress,
                height: request.Metadata?.BlockHeight);
        }
        catch (ServingRequestException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }

        return receipts.Issue(model, features, [raw], receiptContext)[0];
    }

    private long UptimeSeconds() => (long)(time.GetUtcNow() - startedAt).TotalSeconds;

    /// <summary>Takes the model snapshot, answers, and records the call (with its HTTP-equivalent status) in the metrics.</summary>
    private Task<T> Answer<T>(ServingEndpoint endpoint, Func<ServedModel, T> answer)
    {
        long start = time.GetTimestamp();
        metrics.StartRequest();
        int status = 500;
        try
        {
            T response = answer(models.Current);
            status = 200;
            return Task.FromResult(response);
        }
        catch (RpcException ex)
        {
            status = ex.StatusCode switch
            {
                StatusCode.InvalidArgument => 400,
                StatusCode.NotFound => 404,
                _ => 500,
            };
            throw;
        }
        finally
        {
            metrics.RecordRequest(endpoint, status, time.GetElapsedTime(start));
        }
    }
}
