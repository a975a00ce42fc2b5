using System.Globalization;
using System.Text;

namespace TrustScore.Signing;

/// <summary>
/// DSSE v1 (github.com/secure-systems-lab/dsse, protocol.md): what is signed is the
/// pre-authentication encoding of the payload type and payload, never the payload alone.
/// </summary>
public static class Dsse
{
    /// <summary>The payload type of an in-toto statement.</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>
    /// PAE(type, body) = <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, lengths as
    /// ASCII decimal byte counts (type in UTF-8).
    /// </summary>
    public static byte[] Pae(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        byte[] type = Encoding.UTF8.GetBytes(payloadType);
        byte[] header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        byte[] middle = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        return [.. header, .. type, .. middle, .. payload];
    }
}
