using System.Security.Cryptography;
using System.Text;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Signing;

/// <summary>
/// Reads and writes key files: private keys as PKCS#8 PEM (<c>PRIVATE KEY</c>; SEC1
/// <c>EC PRIVATE KEY</c> is read too), public keys as SubjectPublicKeyInfo PEM
/// (<c>PUBLIC KEY</c>). Private key files are created owner-only (0600) and must stay so.
/// </summary>
public static class KeyFile
{
    /// <summary>Extension of a private key file written by <see cref="KeyGenerator"/>.</summary>
    public const string PrivateKeyExtension = ".key";

    /// <summary>Extension of a public key file written by <see cref="KeyGenerator"/>.</summary>
    public const string PublicKeyExtension = ".pub";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads a private key.</summary>
    /// <exception cref="BadInputException">Missing, unreadable, malformed, encrypted, unsupported, or readable by others.</exception>
    public static SigningKey ReadSigningKey(string path)
    {
        string text = ReadText(path, "private key");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(OwnerOnly | UnixFileMode.UserExecute)) != 0)
        {
            throw new BadInputException($"Private key file '{path}' is readable or writable by others; run 'chmod 600 {path}'.");
        }

        (string label, byte[] der) = DecodePem(text, path);
        if (label == "EC PRIVATE KEY")
        {
            der = Sec1ToPkcs8(der, path);
            label = "PRIVATE KEY";
        }

        if (label == "ENCRYPTED PRIVATE KEY")
        {
            throw new BadInputException($"Private key file '{path}' is encrypted; encrypted keys are not supported.");
        }

        if (label != "PRIVATE KEY")
        {
            throw new BadInputException($"File '{path}' holds a '{label}' block, not a 'PRIVATE KEY'.");
        }

        KeyKind kind = KeyKind.FromDer(der, isPrivate: true, path);
        try
        {
            return new SigningKey(kind, der, kind.PublicKeyOf(der), path);
        }
        catch (FormatException ex)
        {
            throw new BadInputException($"Private key file '{path}' is not a valid {kind.Name} key.", ex);
        }
    }

    /// <summary>Reads a public key.</summary>
    /// <exception cref="BadInputException">Missing, unreadable, malformed or unsupported.</exception>
    public static VerificationKey ReadVerificationKey(string path)
    {
        string text = ReadText(path, "public key");
        (string label, byte[] der) = DecodePem(text, path);
        if (label != "PUBLIC KEY")
        {
            throw new BadInputException($"File '{path}' holds a '{label}' block, not a 'PUBLIC KEY'; pass the public key.");
        }

        KeyKind kind = KeyKind.FromDer(der, isPrivate: false, path);
        return new VerificationKey(kind.Algorithm, der, path);
    }

    /// <summary>Reads every public key (<c>*.pub</c>, <c>*.pem</c>) in <paramref name="dir"/>, in name order.</summary>
    /// <exception cref="BadInputException">The directory is missing, empty, or holds a bad key.</exception>
    public static IReadOnlyList<VerificationKey> ReadTrustedKeys(string dir)
    {
        if (!Directory.Exists(dir))
        {
            throw new BadInputException($"Trusted keys directory '{dir}' does not exist.");
        }

        var keys = Directory.EnumerateFiles(dir)
            .Where(f => f.EndsWith(PublicKeyExtension, StringComparison.Ordinal) || f.EndsWith(".pem", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(ReadVerificationKey)
            .ToList();
        if (keys.Count == 0)
        {
            throw new BadInputException($"Trusted keys directory '{dir}' holds no *.pub or *.pem public key.");
        }

        return keys;
    }

    /// <summary>PEM text of <paramref name="der"/>: 64-character base64 lines, LF line ends, final LF.</summary>
    public static string ToPem(string label, byte[] der)
    {
        string base64 = Convert.ToBase64String(der);
        var sb = new StringBuilder();
        sb.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (int i = 0; i < base64.Length; i += 64)
        {
            sb.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        sb.Append("-----END ").Append(label).Append("-----\n");
        return sb.ToString();
    }

    /// <summary>
    /// Writes a private key file owner-only (0600), atomically, refusing to replace an existing file.
    /// </summary>
    /// <exception cref="BadInputException">The file already exists.</exception>
    internal static void WritePrivate(string path, byte[] pkcs8)
    {
        if (File.Exists(path))
        {
            throw new BadInputException($"Key file '{path}' already exists; refusing to overwrite a key.");
        }

        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        byte[] pem = Encoding.ASCII.GetBytes(ToPem("PRIVATE KEY", pkcs8));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var fs = new FileStream(tmp, options))
            {
                fs.Write(pem);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: false);
            AtomicFile.FlushDirectory(dir);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pem);
        }
    }

    /// <summary>Writes a public key file atomically, refusing to replace an existing file.</summary>
    internal static void WritePublic(string path, byte[] spki)
    {
        if (File.Exists(path))
        {
            throw new BadInputException($"Key file '{path}' already exists; refusing to overwrite a key.");
        }

        AtomicFile.WriteAllText(path, ToPem("PUBLIC KEY", spki));
    }

    private static string ReadText(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"The {what} file '{path}' does not exist.");
        }

        try
        {
            return File.ReadAllText(path, Encoding.ASCII);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"Cannot read the {what} file '{path}': {ex.Message}", ex);
        }
    }

    private static (string Label, byte[] Der) DecodePem(string text, string path)
    {
        if (!PemEncoding.TryFind(text, out PemFields fields))
        {
            throw new BadInputException($"Key file '{path}' is not PEM (no -----BEGIN ...----- block).");
        }

        string label = text[fields.Label];
        byte[] der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(text.AsSpan(fields.Base64Data), der, out int written))
        {
            throw new BadInputException($"Key file '{path}' has invalid base64 in its PEM block.");
        }

        return (label, der[..written]);
    }

    private static byte[] Sec1ToPkcs8(byte[] sec1, string path)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportECPrivateKey(sec1, out _);
            return key.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException ex)
        {
            throw new BadInputException($"Private key file '{path}' is not a valid EC private key.", ex);
        }
    }
}
