using TrustScore.Errors;

namespace TrustScore.Signing;

/// <summary>
/// Creates a signing key pair (runbook §8; docs/formats.md §4): <c>&lt;name&gt;.key</c> (PKCS#8 PEM,
/// mode 0600) and <c>&lt;name&gt;.pub</c> (SubjectPublicKeyInfo PEM). Existing files are never
/// overwritten.
/// </summary>
public static class KeyGenerator
{
    /// <summary>The default base name of the key files.</summary>
    public const string DefaultName = "trustscore-signing";

    /// <summary>
    /// Generates a key pair in <paramref name="outDir"/> (created if needed). The default is
    /// ECDSA P-256 because OpenSSF <c>model_signing</c> key mode verifies only elliptic-curve
    /// keys (docs/formats.md §4).
    /// </summary>
    /// <exception cref="BadInputException">A key file already exists or the name is not a plain file name.</exception>
    public static KeygenResult Generate(string outDir, SigningKeyAlgorithm algorithm = SigningKeyAlgorithm.EcdsaP256, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new BadInputException($"Key name '{name}' must be a plain file name.");
        }

        if (File.Exists(outDir))
        {
            throw new BadInputException($"--out '{outDir}' is a file; keys are written into a directory.");
        }

        Directory.CreateDirectory(outDir);
        string privatePath = Path.Combine(outDir, name + KeyFile.PrivateKeyExtension);
        string publicPath = Path.Combine(outDir, name + KeyFile.PublicKeyExtension);
        if (File.Exists(privatePath) || File.Exists(publicPath))
        {
            throw new BadInputException($"Key files '{privatePath}' or '{publicPath}' already exist; refusing to overwrite a key.");
        }

        KeyKind kind = KeyKind.For(algorithm);
        (byte[] pkcs8, byte[] spki) = kind.Generate();
        try
        {
            KeyFile.WritePrivate(privatePath, pkcs8);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(pkcs8);
        }

        KeyFile.WritePublic(publicPath, spki);
        return new KeygenResult(algorithm, privatePath, publicPath, new VerificationKey(algorithm, spki, publicPath).Hint);
    }
}
