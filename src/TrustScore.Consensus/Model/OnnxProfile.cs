using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Model;

/// <summary>
/// The pinned ONNX profile of model.onnx (docs/formats.md §2–3; docs/numerics.md §7): IR and opset
/// versions, names, and the limits the reader enforces on untrusted files.
/// </summary>
public static class OnnxProfile
{
    /// <summary>IR version written (ONNX 1.13+ readers accept it).</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset written. Gemm, Relu, Sigmoid, Sub, Mul are unchanged from 13 through 21.</summary>
    public const long OpsetVersion = 17;

    /// <summary>Lowest IR version the reader accepts.</summary>
    public const long MinIrVersion = 7;

    /// <summary>Highest IR version the reader accepts.</summary>
    public const long MaxIrVersion = 10;

    /// <summary>Lowest default-domain opset the reader accepts.</summary>
    public const long MinOpsetVersion = 13;

    /// <summary>Highest default-domain opset the reader accepts.</summary>
    public const long MaxOpsetVersion = 21;

    /// <summary>producer_name written.</summary>
    public const string ProducerName = "trustscore";

    /// <summary>producer_version written by default (fixed, so identical weights give identical bytes).</summary>
    public const string DefaultProducerVersion = "1";

    /// <summary>Graph input name; float32 [N, D].</summary>
    public const string InputName = "features";

    /// <summary>Graph output name; float32 [N, 1].</summary>
    public const string OutputName = "trust_score";

    /// <summary>Symbolic batch dimension name written.</summary>
    public const string BatchDimension = "N";

    /// <summary>Graph name written.</summary>
    public const string GraphName = "trust_score_mlp";

    /// <summary>Metadata key naming the numerics contract the conformance vectors were computed under.</summary>
    public const string NumericsMetadataKey = "trustscore.numerics";

    /// <summary>Largest file the reader will parse (the parameter limit plus room for the protobuf framing).</summary>
    public const long MaxFileBytes = (MlpWeights.MaxParameters * 4) + (1 << 20);

    /// <summary>The numerics contract recorded in files written now.</summary>
    public static string NumericsVersion => NumericsContract.Version;
}
