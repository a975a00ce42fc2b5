using System.Numerics;

namespace TrustScore.Training;

/// <summary>CRC-32C (Castagnoli) and the TFRecord masking rule (docs/test-vectors.md).</summary>
public static class Crc32C
{
    /// <summary>CRC-32C of <paramref name="data"/> (initial value and final XOR 0xFFFFFFFF).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>TFRecord mask: ((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xA282EAD8, 32-bit wrap-around.</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
}
