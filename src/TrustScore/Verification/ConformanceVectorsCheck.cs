using System.Globalization;
using TrustScore.Consensus.Scoring;
using TrustScore.Export;
using TrustScore.Signing;

namespace TrustScore.Verification;

/// <summary>
/// Extra verification check (runbook §2.3, issue 6 item 4): loads <c>model/model.onnx</c> with
/// the consensus scorer, against the digest the manifest lists for it, and requires every vector
/// of <c>model/conformance.json</c> to reproduce bit for bit (as one batch and row by row).
/// </summary>
public sealed class ConformanceVectorsCheck : IVersionCheck
{
    /// <summary>The check's name in reports.</summary>
    public const string CheckName = "conformance";

    /// <inheritdoc/>
    public string Name => CheckName;

    /// <inheritdoc/>
    public VerificationCheck Run(VersionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Manifest is null)
        {
            return new VerificationCheck(Name, false, "no manifest to take model.onnx's digest from");
        }

        var (_, conformance) = ExportedModel.LoadScorer(context.VersionDir, context.Manifest);
        return new VerificationCheck(Name, true, string.Create(CultureInfo.InvariantCulture,
            $"all {conformance.Vectors.Count} conformance vectors reproduce bit for bit ({conformance.NumericsVersion}, {conformance.Rule.Id}) from {VersionLayout.ModelDirectory}/{VersionLayout.ModelOnnx}"));
    }
}
