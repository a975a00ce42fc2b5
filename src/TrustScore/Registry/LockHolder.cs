using System.Globalization;

namespace TrustScore.Registry;

/// <summary>Who holds (or last held) an <see cref="ExclusiveLock"/>: enough to tell an operator whom to ask.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="Host">Machine name.</param>
/// <param name="Since">When the lock was taken (UTC).</param>
/// <param name="Purpose">What the holder is doing (e.g. <c>rollback</c>).</param>
public sealed record LockHolder(int Pid, string Host, DateTimeOffset Since, string Purpose)
{
    /// <summary>One line: <c>pid host since purpose</c>.</summary>
    public string ToLine() => string.Join(' ', Pid.ToString(CultureInfo.InvariantCulture), Host,
        Since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Purpose);

    /// <summary>Parses <see cref="ToLine"/>; null when the text is not a holder line.</summary>
    public static LockHolder? Parse(string text)
    {
        string[] parts = text.Trim().Split(' ', 4);
        return parts.Length == 4
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            && DateTimeOffset.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since)
            ? new LockHolder(pid, parts[1], since, parts[3])
            : null;
    }
}
