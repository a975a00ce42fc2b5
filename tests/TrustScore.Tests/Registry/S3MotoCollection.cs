using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

/// <summary>The S3 test classes share one moto_server (see <see cref="MotoServer"/>).</summary>
[CollectionDefinition(Name)]
public sealed class S3MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto_server";
}
