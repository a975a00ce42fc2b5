using TrustScore.Errors;
using TrustScore.Registry;

namespace TrustScore.Tests.Registry;

public sealed class S3RegistryLocationTests
{
    [Theory]
    [InlineData("s3://virtengine-ml-models/models/trust_score", "virtengine-ml-models", "models/trust_score")]
    [InlineData("s3://bucket.with.dots/", "bucket.with.dots", "")]
    [InlineData("S3://abc/p/", "abc", "p")]
    public void Parse_ValidUrl_SplitsBucketAndPrefix(string url, string bucket, string prefix)
    {
        var location = S3RegistryLocation.Parse(url);

        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
    }

    [Theory]
    [InlineData("artifacts/models")]
    [InlineData("s3://")]
    [InlineData("s3://ab/x")]
    [InlineData("s3://Upper/x")]
    [InlineData("s3://-bucket/x")]
    [InlineData("s3://bucket/a//b")]
    [InlineData("s3://bucket/a/../b")]
    public void Parse_InvalidUrl_IsBadInput(string url)
    {
        var failure = Assert.Throws<BadInputException>(() => S3RegistryLocation.Parse(url));

        Assert.Contains(url, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_MirrorTheLocalLayoutUnderThePrefix()
    {
        var location = S3RegistryLocation.Parse("s3://models-bucket/models/trust_score");

        Assert.Equal("models/trust_score/v1/model/model.onnx", location.Key("v1", "model/model.onnx"));
        Assert.Equal("s3://models-bucket/models/trust_score/v1/", location.UrlOf(location.VersionPrefix("v1")));
        Assert.Equal("s3://models-bucket/models/trust_score", location.ToString());
        Assert.Equal("v1/metadata.json", S3RegistryLocation.Parse("s3://models-bucket").Key("v1", "metadata.json"));
    }

    [Fact]
    public void Options_RetentionDaysOutOfRange_IsBadInputNamingTheFlag()
    {
        var options = new S3RegistryOptions { Location = S3RegistryLocation.Parse("s3://models-bucket/p"), RetentionDays = 0 };

        var failure = Assert.Throws<BadInputException>(options.Validate);

        Assert.Contains("--retention-days", failure.Message, StringComparison.Ordinal);
    }
}
