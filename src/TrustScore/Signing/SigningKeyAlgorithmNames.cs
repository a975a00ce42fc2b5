using TrustScore.Errors;

namespace TrustScore.Signing;

/// <summary>Command-line and report names of <see cref="SigningKeyAlgorithm"/>: <c>ed25519</c>, <c>ecdsa-p256</c>.</summary>
public static class SigningKeyAlgorithmNames
{
    /// <summary>The name of <paramref name="algorithm"/>.</summary>
    public static string Name(SigningKeyAlgorithm algorithm) => KeyKind.For(algorithm).Name;

    /// <summary>Parses a name.</summary>
    /// <exception cref="BadInputException">Not a supported algorithm.</exception>
    public static SigningKeyAlgorithm Parse(string name) => KeyKind.ParseName(name);
}
