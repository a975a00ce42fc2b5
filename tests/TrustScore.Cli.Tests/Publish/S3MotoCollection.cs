using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Publish;

/// <summary>The CLI's S3 tests share one moto_server (see <see cref="MotoServer"/>).</summary>
[CollectionDefinition(Name)]
public sealed class S3MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "cli_moto_server";
}
