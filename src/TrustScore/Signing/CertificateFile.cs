using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TrustScore.Errors;

namespace TrustScore.Signing;

/// <summary>
/// Reads X.509 certificates from PEM files (<c>CERTIFICATE</c> blocks) for certificate-mode
/// signing and verification (docs/formats.md §4).
/// </summary>
public static class CertificateFile
{
    /// <summary>Every certificate in the PEM files, in file order then block order.</summary>
    /// <exception cref="BadInputException">A file is missing or unreadable, or holds no certificate.</exception>
    public static IReadOnlyList<X509Certificate2> ReadAll(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var certificates = new List<X509Certificate2>();
        foreach (string path in paths)
        {
            certificates.AddRange(Read(path));
        }

        return certificates;
    }

    /// <summary>The certificates of one PEM file.</summary>
    /// <exception cref="BadInputException">Missing, unreadable, or holds no certificate.</exception>
    public static IReadOnlyList<X509Certificate2> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new BadInputException($"Certificate file '{path}' does not exist.");
        }

        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"Certificate file '{path}' cannot be read as PEM certificates: {ex.Message}", ex);
        }

        if (collection.Count == 0)
        {
            throw new BadInputException($"Certificate file '{path}' holds no 'CERTIFICATE' PEM block.");
        }

        return [.. collection];
    }

    /// <summary>The one certificate of a PEM file (the signing certificate).</summary>
    /// <exception cref="BadInputException">The file does not hold exactly one certificate.</exception>
    public static X509Certificate2 ReadSingle(string path)
    {
        IReadOnlyList<X509Certificate2> certificates = Read(path);
        if (certificates.Count != 1)
        {
            throw new BadInputException($"Certificate file '{path}' holds {certificates.Count} certificates; the signing certificate file must hold exactly one (pass the others with --certificate-chain).");
        }

        return certificates[0];
    }
}
