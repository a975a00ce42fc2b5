using TrustScore.Registry;
using TrustScore.Verification;

namespace TrustScore.Rollback;

/// <summary>The model the active pointer resolves to now (runbook §5.4).</summary>
/// <param name="Version">Its version.</param>
/// <param name="Directory">The registry directory it points at.</param>
/// <param name="Verification">A fresh full verification of that directory.</param>
public sealed record ActiveModel(string Version, string Directory, VerificationReport Verification);
