using System.CommandLine;
using TrustScore.Registry;

namespace TrustScore.Cli;

/// <summary>
/// The S3 flags, declared once for every verb that takes <c>--registry</c> (they are ignored for
/// a local directory). Credentials come from the standard AWS environment variables or profile.
/// </summary>
internal sealed class S3CommandOptions
{
    private readonly bool forPublish;

    private S3CommandOptions(bool forPublish) => this.forPublish = forPublish;

    public Option<string?> Endpoint { get; } = new("--endpoint") { Description = "S3-compatible endpoint URL for an s3:// registry (e.g. http://127.0.0.1:5000 for moto_server); default AWS." };

    public Option<string?> Region { get; } = new("--region") { Description = "AWS region for an s3:// registry (default AWS_REGION, else us-east-1)." };

    public Option<int> RetentionDays { get; } = new("--retention-days") { Description = "Object Lock retention of every published S3 object, in days.", DefaultValueFactory = _ => 365 };

    public Option<string> LockMode { get; } = new("--lock-mode") { Description = "Object Lock mode: compliance (nobody can delete before expiry) or governance.", DefaultValueFactory = _ => "compliance" };

    public Option<bool> AllowUnlockedBucket { get; } = new("--allow-unlocked-bucket") { Description = "Publish to a bucket without Object Lock (objects are then unprotected; recorded in the audit log)." };

    /// <summary>Endpoint and region only: for verbs that read a registry.</summary>
    public static S3CommandOptions ForReading(Command command) => new S3CommandOptions(forPublish: false).AddTo(command);

    /// <summary>Every S3 flag: for <c>publish</c>.</summary>
    public static S3CommandOptions ForPublishing(Command command) => new S3CommandOptions(forPublish: true).AddTo(command);

    public S3ConnectionOptions Read(ParseResult parse) => forPublish
        ? new S3ConnectionOptions(parse.GetValue(Endpoint), parse.GetValue(Region), parse.GetValue(RetentionDays), parse.GetValue(LockMode)!, parse.GetValue(AllowUnlockedBucket))
        : new S3ConnectionOptions(parse.GetValue(Endpoint), parse.GetValue(Region));

    private S3CommandOptions AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Region);
        if (forPublish)
        {
            command.Options.Add(RetentionDays);
            command.Options.Add(LockMode);
            command.Options.Add(AllowUnlockedBucket);
        }

        return this;
    }
}
