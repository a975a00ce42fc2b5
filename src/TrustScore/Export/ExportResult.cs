using TrustScore.Consensus.Digest;
using TrustScore.Signing;

namespace TrustScore.Export;

/// <summary>The version directory <see cref="Exporter.Export"/> wrote (runbook §1.4).</summary>
/// <param name="VersionDir">Full path of <c>exported_models/&lt;version&gt;/</c>.</param>
/// <param name="Version">The version name.</param>
/// <param name="Root">The model digest, <c>sha256:&lt;64 hex&gt;</c>, over <c>model/</c>.</param>
/// <param name="Files">Every file of <c>model/</c> with its digest and size, in canonical order.</param>
/// <param name="Manifest">The manifest written to <c>manifest.json</c>.</param>
/// <param name="ConformanceVectors">Number of vectors in <c>model/conformance.json</c>.</param>
/// <param name="Signature">The signature written to <c>model.sig</c>, or null when no key was given.</param>
public sealed record ExportResult(
    string VersionDir,
    string Version,
    string Root,
    IReadOnlyList<FileDigestEntry> Files,
    Manifest Manifest,
    int ConformanceVectors,
    SignResult? Signature);
