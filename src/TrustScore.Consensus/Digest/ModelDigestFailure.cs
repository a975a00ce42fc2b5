namespace TrustScore.Consensus.Digest;

/// <summary>Why a directory cannot be given a model digest.</summary>
public enum ModelDigestFailure
{
    /// <summary>The model path does not exist.</summary>
    NotFound,

    /// <summary>A symbolic link (never followed, never skipped).</summary>
    Symlink,

    /// <summary>A device, FIFO, socket or other non-regular file.</summary>
    SpecialFile,

    /// <summary>A name that is not valid UTF-8 (or holds U+FFFD, which is how such bytes arrive).</summary>
    InvalidName,

    /// <summary>A name that is not in Unicode Normalization Form C.</summary>
    NotNormalized,

    /// <summary>Two names in one directory that differ only by case.</summary>
    CaseCollision,

    /// <summary>A file or directory that could not be read.</summary>
    Unreadable,

    /// <summary>A recipe that hashes directories only (<see cref="KeeperModelHash"/>) was given a file.</summary>
    NotADirectory,

    /// <summary>An ignore path that is absolute, empty or climbs out of the model root.</summary>
    InvalidIgnorePath,
}
