using System.Security.Cryptography;
using System.Text;

namespace TrustScore.Signing;

/// <summary>
/// A public key supplied by the operator (never one found inside the artifact; docs/formats.md §4).
/// </summary>
/// <param name="Algorithm">The key's algorithm.</param>
/// <param name="Spki">The SubjectPublicKeyInfo (DER).</param>
/// <param name="Source">The file it was read from, for reports.</param>
public sealed record VerificationKey(SigningKeyAlgorithm Algorithm, byte[] Spki, string Source)
{
    /// <summary>
    /// The key hint: lower-case hex SHA-256 of <see cref="Pem"/>, which is what OpenSSF
    /// <c>model_signing</c> records in the bundle's <c>verificationMaterial.publicKey.hint</c>.
    /// </summary>
    public string Hint => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Pem)));

    /// <summary>The key as PEM: <c>PUBLIC KEY</c> label, 64-character lines, LF line ends, final LF.</summary>
    public string Pem => KeyFile.ToPem("PUBLIC KEY", Spki);

    /// <summary>True when <paramref name="signature"/> over <paramref name="message"/> was made by this key's private half.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        KeyKind.For(Algorithm).Verify(Spki, message, signature);
}
