using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>Registry check <c>gates</c>: the manifest says every release gate passed; a version whose gates failed is never released.</summary>
public sealed class GatesCheck : IVersionCheck
{
    /// <summary>The check's name in reports.</summary>
    public const string CheckName = "gates";

    /// <inheritdoc/>
    public string Name => CheckName;

    /// <inheritdoc/>
    public VerificationCheck Run(VersionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Manifest is null
            ? new(CheckName, false, "manifest.json has no gates.passed.")
            : context.Manifest.Gates.Passed
                ? new(CheckName, true, "gates.passed is true.")
                : new(CheckName, false, "gates.passed is false; a version whose gates failed is not released.");
    }
}
