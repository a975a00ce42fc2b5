using TrustScore.Consensus.Scoring;
using TrustScore.Verification;

namespace TrustScore.Scoring;

/// <summary>
/// A model loaded from a version directory only after its digest was checked against the
/// manifest and its conformance vectors reproduced bit for bit (runbook §1.4, §7.2).
/// </summary>
/// <param name="VersionDir">The version directory.</param>
/// <param name="Version">The version name.</param>
/// <param name="RootDigest">The verified root digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="ModelPath">Path of <c>model/model.onnx</c>.</param>
/// <param name="ConformancePath">Path of <c>model/conformance.json</c>.</param>
/// <param name="Conformance">The verified conformance vectors.</param>
/// <param name="Scorer">The loaded scorer.</param>
/// <param name="Report">The verification that was run before loading.</param>
public sealed record VerifiedModel(
    string VersionDir,
    string Version,
    string RootDigest,
    string ModelPath,
    string ConformancePath,
    ConformanceVectors Conformance,
    Scorer Scorer,
    VerificationReport Report);
