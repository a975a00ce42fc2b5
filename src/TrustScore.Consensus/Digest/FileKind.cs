namespace TrustScore.Consensus.Digest;

/// <summary>What a directory entry is, as seen without following links.</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Special,
}
