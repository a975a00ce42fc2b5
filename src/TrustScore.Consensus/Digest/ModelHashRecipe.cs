namespace TrustScore.Consensus.Digest;

/// <summary>
/// The names of the model hash recipes this tool computes (docs/formats.md §1 and §1b). A chain
/// profile names the recipe its keeper compares with the on-chain <c>sha256_hash</c>.
/// </summary>
public static class ModelHashRecipe
{
    /// <summary>The OpenSSF Model Signing v1.0 <c>files</c> root (<see cref="ModelDigest"/>), written <c>sha256:&lt;hex&gt;</c>.</summary>
    public const string OpenSsfFiles = "openssf-files/1";

    /// <summary>The VirtEngine keeper's directory hash (<see cref="KeeperModelHash"/>), 64 hex digits.</summary>
    public const string VirtEngineKeeper = KeeperModelHash.RecipeName;

    /// <summary>Every recipe name, in the order help texts list them.</summary>
    public static IReadOnlyList<string> All { get; } = [OpenSsfFiles, VirtEngineKeeper];

    /// <summary>True when <paramref name="name"/> is one of <see cref="All"/> (exact spelling).</summary>
    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
