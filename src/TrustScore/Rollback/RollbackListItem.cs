using TrustScore.Registry;
using TrustScore.Verification;

namespace TrustScore.Rollback;

/// <summary>One row of <c>rollback list</c>.</summary>
/// <param name="Entry">The published version.</param>
/// <param name="Active">Whether the active pointer points at it.</param>
/// <param name="Verification">Its verification.</param>
public sealed record RollbackListItem(RegistryEntry Entry, bool Active, VerificationReport Verification);
