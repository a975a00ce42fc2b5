using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TrustScore.Data;

/// <summary>
/// Keyed anonymisation and the keyed hashes that make splits, balancing and sampling independent
/// of file order (docs/dataset-format.md, "Anonymisation and splits"). All hashes are SHA-256
/// family; every value is written down so another implementation can reproduce it.
/// </summary>
internal sealed class Anonymizer
{
    /// <summary>The salt used when no salt file is configured. Public: it only pseudonymises.</summary>
    public static readonly byte[] DevelopmentSalt = Encoding.UTF8.GetBytes("trustscore-public-development-salt-v1");

    private readonly byte[]? salt;

    public Anonymizer(byte[]? salt) => this.salt = salt;

    /// <summary>Hex HMAC-SHA256(salt, UTF-8 sample id); the id itself when anonymisation is off.</summary>
    public string Anonymize(string sampleId) =>
        this.salt is null ? sampleId : Convert.ToHexStringLower(HMACSHA256.HashData(this.salt, Encoding.UTF8.GetBytes(sampleId)));

    /// <summary>Hex SHA-256("trustscore-salt-commitment-v1" 0x00 salt): proves which salt was used without revealing it.</summary>
    public static string Commitment(byte[] salt)
    {
        byte[] prefix = Encoding.UTF8.GetBytes("trustscore-salt-commitment-v1\0");
        return Convert.ToHexStringLower(SHA256.HashData([.. prefix, .. salt]));
    }

    /// <summary>
    /// A number in [0, 1) for (<paramref name="purpose"/>, <paramref name="seed"/>, <paramref name="anonymizedId"/>):
    /// the first 8 bytes of SHA-256(purpose ‖ 0x00 ‖ seed as 8 bytes little-endian ‖ UTF-8 id) read
    /// big-endian, shifted right by 11, times 2^−53.
    /// </summary>
    public static double KeyedUnit(string purpose, long seed, string anonymizedId)
    {
        byte[] purposeBytes = Encoding.UTF8.GetBytes(purpose);
        byte[] idBytes = Encoding.UTF8.GetBytes(anonymizedId);
        byte[] input = new byte[purposeBytes.Length + 1 + 8 + idBytes.Length];
        purposeBytes.CopyTo(input, 0);
        BinaryPrimitives.WriteInt64LittleEndian(input.AsSpan(purposeBytes.Length + 1), seed);
        idBytes.CopyTo(input, purposeBytes.Length + 9);
        ulong top = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(input));
        return (top >> 11) * (1.0 / 9007199254740992.0);
    }
}
