using System.IO.Compression;
using System.Text;

namespace TrustScore.Registry;

/// <summary>
/// Builds the registry's <c>trust_score_&lt;version&gt;.tar.gz</c> so that the same version
/// directory always gives the same bytes (runbook §3.1; docs/formats/registry.md): POSIX ustar entries
/// sorted component by component, every mtime 0, uid/gid 0, empty user and group names, modes
/// 0644 (files) and 0755 (directories), and a gzip header with no file name, mtime 0 and OS byte
/// 255 ("unknown"), so the archive does not depend on who made it, when or where.
/// Entry names are <c>&lt;version&gt;/…</c> (the directory's own name first).
/// Used by both the local and the S3 registry.
/// <para>
/// Written by hand, not with <c>System.Formats.Tar.TarWriter</c>: TarWriter leaves the ustar
/// devmajor/devminor fields all NUL for anything but a device entry (and refuses to set them on
/// one), while this format writes them as <c>0000000\0</c> like GNU tar, and the checksum follows.
/// Every archive already published would change its digest (docs/formats/registry.md).
/// </para>
/// </summary>
public static class ReproducibleArchive
{
    private const int BlockSize = 512;

    /// <summary>Files in a version directory that are never archived (they describe the archive).</summary>
    public static bool IsRegistryFile(string relativePath) =>
        relativePath == VersionMetadata.FileName
        || (!relativePath.Contains('/', StringComparison.Ordinal)
            && relativePath.StartsWith("trust_score_", StringComparison.Ordinal)
            && relativePath.EndsWith(".tar.gz", StringComparison.Ordinal));

    /// <summary>
    /// The gzip-compressed tar of <paramref name="versionDirectory"/> (its regular files, except
    /// <c>metadata.json</c> and an existing archive), entries under <c>&lt;version&gt;/</c>.
    /// A symlink or special file is bad input.
    /// </summary>
    public static byte[] Create(string versionDirectory, string version)
    {
        string root = Path.GetFullPath(versionDirectory).TrimEnd(Path.DirectorySeparatorChar);
        string prefix = VersionName.Validate(version);
        var files = VersionFiles.List(root).Where(f => !IsRegistryFile(f)).ToList();

        using var tar = new MemoryStream();
        var writtenDirectories = new HashSet<string>(StringComparer.Ordinal);
        WriteHeader(tar, prefix + "/", 0, isDirectory: true);
        foreach (string relative in files)
        {
            // Parent directories first, once each, in the same sorted order.
            string[] parts = relative.Split('/');
            for (int i = 1; i < parts.Length; i++)
            {
                string dir = string.Join('/', parts[..i]) + "/";
                if (writtenDirectories.Add(dir))
                {
                    WriteHeader(tar, $"{prefix}/{dir}", 0, isDirectory: true);
                }
            }

            byte[] content = File.ReadAllBytes(Path.Combine(root, relative));
            WriteHeader(tar, $"{prefix}/{relative}", content.Length, isDirectory: false);
            tar.Write(content);
            int pad = (BlockSize - (content.Length % BlockSize)) % BlockSize;
            tar.Write(new byte[pad]);
        }

        tar.Write(new byte[BlockSize * 2]);

        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tar.GetBuffer(), 0, (int)tar.Length);
        }

        byte[] bytes = gz.ToArray();

        // .NET writes no name and mtime 0; pin the OS byte, which zlib sets per platform.
        if (bytes.Length < 10 || bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[3] != 0 || bytes[4] != 0 || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0)
        {
            throw new InvalidOperationException("The gzip writer produced a header with flags or an mtime; the archive would not be reproducible.");
        }

        bytes[9] = 0xff;
        return bytes;
    }

    private static void WriteHeader(Stream tar, string name, long size, bool isDirectory)
    {
        byte[] header = new byte[BlockSize];
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length <= 100)
        {
            nameBytes.CopyTo(header, 0);
        }
        else
        {
            // ustar prefix field: split at a '/' so the name part fits in 100 bytes.
            int split = Array.LastIndexOf(nameBytes, (byte)'/', Math.Min(nameBytes.Length - 2, 155));
            if (split <= 0 || nameBytes.Length - split - 1 > 100)
            {
                throw new Errors.BadInputException($"The path '{name}' is too long for a reproducible tar entry (ustar limit 255 bytes).");
            }

            nameBytes.AsSpan(split + 1).CopyTo(header.AsSpan(0));
            nameBytes.AsSpan(0, split).CopyTo(header.AsSpan(345));
        }

        WriteOctal(header, 100, 8, isDirectory ? 0b111_101_101 : 0b110_100_100); // mode
        WriteOctal(header, 108, 8, 0); // uid
        WriteOctal(header, 116, 8, 0); // gid
        WriteOctal(header, 124, 12, size);
        WriteOctal(header, 136, 12, 0); // mtime
        header[156] = isDirectory ? (byte)'5' : (byte)'0';
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(header, 257);
        Encoding.ASCII.GetBytes("00").CopyTo(header, 263);
        WriteOctal(header, 329, 8, 0); // devmajor
        WriteOctal(header, 337, 8, 0); // devminor

        // The checksum is computed with its own field read as eight spaces.
        for (int i = 148; i < 156; i++)
        {
            header[i] = (byte)' ';
        }

        long sum = 0;
        foreach (byte b in header)
        {
            sum += b;
        }

        string checksum = Convert.ToString(sum, 8).PadLeft(6, '0');
        Encoding.ASCII.GetBytes(checksum).CopyTo(header, 148);
        header[154] = 0;
        header[155] = (byte)' ';
        tar.Write(header);
    }

    private static void WriteOctal(byte[] header, int offset, int length, long value)
    {
        string octal = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(octal).CopyTo(header, offset);
        header[offset + length - 1] = 0;
    }
}
