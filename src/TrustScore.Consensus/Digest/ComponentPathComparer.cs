namespace TrustScore.Consensus.Digest;

/// <summary>
/// Orders POSIX relative paths component by component, each component by Unicode code point:
/// the order of Python's <c>PurePosixPath</c>, which the OpenSSF serializer sorts by. So
/// <c>a/b</c> comes before <c>a.txt</c> (plain ordinal string order puts <c>.</c> (0x2E) before
/// <c>/</c> (0x2F) and gets this wrong), and a character outside the BMP sorts after U+FFFF
/// (UTF-16 ordinal order would put it before U+E000..U+FFFF).
/// </summary>
/// <remarks>
/// Comparing component lists equals comparing the strings with the separator ranked below every
/// other character, which is what <see cref="Compare"/> does in one pass without allocating.
/// </remarks>
public sealed class ComponentPathComparer : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static readonly ComponentPathComparer Instance = new();

    private ComponentPathComparer()
    {
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            int a = Rank(x[i]);
            int b = Rank(y[i]);
            if (a != b)
            {
                return a < b ? -1 : 1;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    // '/' below everything; surrogates (code points >= U+10000) above U+E000..U+FFFF.
    private static int Rank(char c) => c switch
    {
        '/' => -1,
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
