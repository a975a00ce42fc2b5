using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace TrustScore.Consensus.Digest;

/// <summary>
/// The bottom layer of the model identity: bytes to SHA-256.
/// Files are read sequentially in large blocks so one core keeps SHA-NI busy.
/// </summary>
public static class FileDigest
{
    /// <summary>Read block size: large enough to amortise system calls, small enough to share a cache.</summary>
    internal const int BlockSize = 1 << 20;

    /// <summary>Length in bytes of a SHA-256 digest.</summary>
    public const int Sha256Length = 32;

    /// <summary>SHA-256 of <paramref name="bytes"/> as 32 raw bytes.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> bytes) => SHA256.HashData(bytes);

    /// <summary>SHA-256 of the file at <paramref name="path"/> as 32 raw bytes.</summary>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static byte[] Compute(string path, CancellationToken ct = default) => Compute(path, out _, ct);

    /// <summary>SHA-256 of the file at <paramref name="path"/>; <paramref name="size"/> is the number of bytes hashed.</summary>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static byte[] Compute(string path, out long size, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        // The walk refused links by name; the open proves no link was swapped in since.
        using SafeFileHandle handle = NoFollowOpen.OpenRead(path, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            long offset = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                int read = RandomAccess.Read(handle, buffer.AsSpan(0, BlockSize), offset);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                offset += read;
            }

            size = offset;
            return hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
