namespace TrustScore.Tests.Pipeline;

/// <summary>The test classes that share one <see cref="SmallRunFixture"/> training run (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SmallRunCollection : ICollectionFixture<SmallRunFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "small training run";
}
