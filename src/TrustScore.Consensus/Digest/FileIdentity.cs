namespace TrustScore.Consensus.Digest;

/// <summary>Which file a name or an open handle denotes: its device and inode, and whether it is a regular file.</summary>
/// <param name="DevMajor">The device's major number.</param>
/// <param name="DevMinor">The device's minor number.</param>
/// <param name="Inode">The inode number.</param>
/// <param name="IsRegular">True for a regular file (false for a link, directory or special file).</param>
internal readonly record struct FileIdentity(uint DevMajor, uint DevMinor, ulong Inode, bool IsRegular);
