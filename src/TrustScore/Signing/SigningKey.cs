namespace TrustScore.Signing;

/// <summary>A loaded private key. Never printed, logged or serialised by this project.</summary>
public sealed class SigningKey
{
    internal SigningKey(KeyKind kind, byte[] pkcs8, byte[] spki, string source)
    {
        Kind = kind;
        Pkcs8 = pkcs8;
        PublicKey = new VerificationKey(kind.Algorithm, spki, source);
    }

    /// <summary>The key's algorithm.</summary>
    public SigningKeyAlgorithm Algorithm => Kind.Algorithm;

    /// <summary>The matching public key.</summary>
    public VerificationKey PublicKey { get; }

    internal KeyKind Kind { get; }

    internal byte[] Pkcs8 { get; }

    /// <summary>Signs <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => Kind.Sign(Pkcs8, message);

    /// <summary>Says which key this is without revealing it.</summary>
    public override string ToString() => $"{Kind.Name} private key (public {PublicKey.Hint[..16]}…)";
}
