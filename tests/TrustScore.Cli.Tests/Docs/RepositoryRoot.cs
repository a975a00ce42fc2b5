namespace TrustScore.Cli.Tests.Docs;

/// <summary>The checkout the tests were built from (the directory holding TrustScore.slnx).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "TrustScore.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"No TrustScore.slnx above {AppContext.BaseDirectory}.");
    }
}
