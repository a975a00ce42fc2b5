using System.Text;
using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>
/// Bech32 addresses as BIP-173 defines them (the original checksum constant 1, not bech32m),
/// which is what Cosmos SDK account addresses use. Decoding validates the checksum, the
/// character set, the length limit and the single-case rule, so an address with any single
/// mistyped character is refused (upstream shipped a gov authority with a bad checksum).
/// </summary>
public static class Bech32
{
    /// <summary>BIP-173's overall length limit, which Cosmos SDK also applies to addresses.</summary>
    public const int MaxLength = 90;

    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;

    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    /// <summary>Encodes <paramref name="data"/> (e.g. a 20-byte address) under <paramref name="hrp"/>.</summary>
    /// <exception cref="BadInputException">The prefix is empty, not lower-case ASCII, or the result is too long.</exception>
    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        ValidateHrp(hrp, hrp);
        byte[] values = ConvertBits(data, 8, 5, pad: true);
        byte[] checksum = CreateChecksum(hrp, values);
        var text = new StringBuilder(hrp.Length + 1 + values.Length + ChecksumLength);
        text.Append(hrp).Append('1');
        foreach (byte v in values)
        {
            text.Append(Charset[v]);
        }

        foreach (byte v in checksum)
        {
            text.Append(Charset[v]);
        }

        if (text.Length > MaxLength)
        {
            throw new BadInputException($"bech32 address for prefix '{hrp}' would be {text.Length} characters; the limit is {MaxLength}.");
        }

        return text.ToString();
    }

    /// <summary>Decodes and checksum-validates <paramref name="address"/>; returns its prefix and bytes.</summary>
    /// <exception cref="BadInputException">The address is malformed or its checksum is wrong (the message says which).</exception>
    public static (string Hrp, byte[] Data) Decode(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length > MaxLength)
        {
            throw Invalid(address, $"it is {address.Length} characters, over the limit of {MaxLength}");
        }

        bool hasLower = false, hasUpper = false;
        foreach (char c in address)
        {
            if (c < 33 || c > 126)
            {
                throw Invalid(address, "it contains a character outside printable ASCII");
            }

            hasLower |= c is >= 'a' and <= 'z';
            hasUpper |= c is >= 'A' and <= 'Z';
        }

        if (hasLower && hasUpper)
        {
            throw Invalid(address, "it mixes upper- and lower-case letters");
        }

        string lower = address.ToLowerInvariant();
        int separator = lower.LastIndexOf('1');
        if (separator < 1)
        {
            throw Invalid(address, "it has no prefix and '1' separator");
        }

        if (lower.Length - separator - 1 < ChecksumLength)
        {
            throw Invalid(address, "its data part is shorter than the 6-character checksum");
        }

        string hrp = lower[..separator];
        var values = new byte[lower.Length - separator - 1];
        for (int i = 0; i < values.Length; i++)
        {
            int v = Charset.IndexOf(lower[separator + 1 + i], StringComparison.Ordinal);
            if (v < 0)
            {
                throw Invalid(address, $"'{lower[separator + 1 + i]}' is not a bech32 data character");
            }

            values[i] = (byte)v;
        }

        if (Polymod(ExpandHrp(hrp), values) != 1)
        {
            throw Invalid(address, "its checksum is wrong");
        }

        byte[] data = ConvertBits(values.AsSpan(0, values.Length - ChecksumLength), 5, 8, pad: false, address);
        return (hrp, data);
    }

    /// <summary>
    /// Decodes <paramref name="address"/> and requires the prefix <paramref name="expectedHrp"/>.
    /// </summary>
    /// <exception cref="BadInputException">The address is invalid or has another prefix.</exception>
    public static byte[] DecodeWithPrefix(string address, string expectedHrp)
    {
        var (hrp, data) = Decode(address);
        if (!string.Equals(hrp, expectedHrp, StringComparison.Ordinal))
        {
            throw new BadInputException($"address '{address}' has prefix '{hrp}', expected '{expectedHrp}'.");
        }

        return data;
    }

    private static BadInputException Invalid(string address, string why) =>
        new($"'{address}' is not a valid bech32 address: {why}.");

    private static void ValidateHrp(string hrp, string context)
    {
        if (string.IsNullOrEmpty(hrp) || hrp.Length > 83)
        {
            throw new BadInputException($"bech32 prefix '{context}' must be 1 to 83 characters.");
        }

        foreach (char c in hrp)
        {
            if (c < 33 || c > 126 || c is >= 'A' and <= 'Z')
            {
                throw new BadInputException($"bech32 prefix '{context}' must be lower-case printable ASCII.");
            }
        }
    }

    private static byte[] CreateChecksum(string hrp, byte[] values)
    {
        byte[] expanded = ExpandHrp(hrp);
        var padded = new byte[values.Length + ChecksumLength];
        values.CopyTo(padded, 0);
        uint mod = Polymod(expanded, padded) ^ 1;
        var checksum = new byte[ChecksumLength];
        for (int i = 0; i < ChecksumLength; i++)
        {
            checksum[i] = (byte)((mod >> (5 * (5 - i))) & 31);
        }

        return checksum;
    }

    // BIP-173: the high bits of each prefix character, a zero, then the low bits.
    private static byte[] ExpandHrp(string hrp)
    {
        var expanded = new byte[(hrp.Length * 2) + 1];
        for (int i = 0; i < hrp.Length; i++)
        {
            expanded[i] = (byte)(hrp[i] >> 5);
            expanded[hrp.Length + 1 + i] = (byte)(hrp[i] & 31);
        }

        return expanded;
    }

    private static uint Polymod(byte[] prefix, ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (byte v in prefix)
        {
            chk = Step(chk, v);
        }

        foreach (byte v in values)
        {
            chk = Step(chk, v);
        }

        return chk;
    }

    private static uint Step(uint chk, byte value)
    {
        uint top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++)
        {
            if (((top >> i) & 1) != 0)
            {
                chk ^= Generator[i];
            }
        }

        return chk;
    }

    private static byte[] ConvertBits(ReadOnlySpan<byte> input, int fromBits, int toBits, bool pad, string? address = null)
    {
        int acc = 0, bits = 0;
        int maxValue = (1 << toBits) - 1;
        int maxAccumulator = (1 << (fromBits + toBits - 1)) - 1;
        var output = new List<byte>((input.Length * fromBits / toBits) + 1);
        foreach (byte b in input)
        {
            acc = ((acc << fromBits) | b) & maxAccumulator;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                output.Add((byte)((acc >> bits) & maxValue));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                output.Add((byte)((acc << (toBits - bits)) & maxValue));
            }
        }
        else if (bits >= fromBits || ((acc << (toBits - bits)) & maxValue) != 0)
        {
            throw Invalid(address ?? string.Empty, "its data part has non-zero padding");
        }

        return [.. output];
    }
}
