namespace TrustScore.Cli.Tests.Train;

/// <summary>The command test classes that share one <see cref="CliRunFixture"/> run.</summary>
[CollectionDefinition(Name)]
public sealed class CliRunCollection : ICollectionFixture<CliRunFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cli training run";
}
