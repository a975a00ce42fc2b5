namespace TrustScore.Signing;

/// <summary>A DSSE envelope: payload type, payload bytes (base64 in JSON) and signatures over their PAE.</summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>The bytes every signature covers: <see cref="Dsse.Pae"/> of type and payload.</summary>
    public byte[] SignedBytes() => Dsse.Pae(PayloadType, Payload);
}
