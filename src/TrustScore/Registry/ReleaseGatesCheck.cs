using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// Registry check <c>gates</c>: the release verdict recomputed from every gate's value, comparison
/// and threshold (never the flags alone). A version is released only when the flags say so and
/// the numbers agree (runbook §3.1).
/// </summary>
public sealed class ReleaseGatesCheck : IVersionCheck
{
    /// <inheritdoc/>
    public string Name => "gates";

    /// <inheritdoc/>
    public VerificationCheck Run(VersionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Manifest is not { } manifest)
        {
            return new(Name, false, "manifest.json has no gates.passed.");
        }

        var failed = manifest.Gates.Results.Where(g => Manifest.Holds(g) != true).Select(g => g.Name).ToList();
        if (!manifest.Gates.Passed || failed.Count > 0 || manifest.Gates.Results.Count == 0)
        {
            string which = failed.Count > 0 ? $" ({string.Join(", ", failed)} recomputed from value and threshold)" : string.Empty;
            return new(Name, false, $"the release gates did not pass{which}; a version whose gates failed is not released.");
        }

        return new(Name, true, $"all {manifest.Gates.Results.Count} gates pass, recomputed from their values and thresholds.");
    }
}
