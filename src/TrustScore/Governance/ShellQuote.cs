using System.Text;

namespace TrustScore.Governance;

/// <summary>POSIX shell quoting, so a printed command can be pasted into a shell unchanged.</summary>
public static class ShellQuote
{
    /// <summary>One argument, single-quoted when it has characters the shell would interpret.</summary>
    public static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c, StringComparison.Ordinal)))
        {
            return argument;
        }

        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The command line of <paramref name="arguments"/>.</summary>
    public static string Join(IEnumerable<string> arguments)
    {
        var text = new StringBuilder();
        foreach (string a in arguments)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(Quote(a));
        }

        return text.ToString();
    }
}
