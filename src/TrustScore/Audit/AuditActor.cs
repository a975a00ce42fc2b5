namespace TrustScore.Audit;

/// <summary>Who is acting, for the audit log and metadata: <c>--actor</c> when given, else <c>user@host</c>.</summary>
public static class AuditActor
{
    /// <summary><paramref name="explicitActor"/> when not blank, else <c>user@host</c>.</summary>
    public static string Resolve(string? explicitActor) =>
        string.IsNullOrWhiteSpace(explicitActor) ? $"{Environment.UserName}@{Environment.MachineName}" : explicitActor.Trim();
}
