namespace TrustScore.Signing;

/// <summary>One signature of a DSSE envelope.</summary>
/// <param name="Sig">The raw signature bytes (base64 in JSON).</param>
/// <param name="KeyId">Unauthenticated key hint; empty as OpenSSF <c>model_signing</c> writes it.</param>
public sealed record DsseSignature(byte[] Sig, string KeyId);
