using System.Text;
using TrustScore.Errors;

namespace TrustScore.Data;

/// <summary>
/// The non-blank lines of a UTF-8 text file with their 1-based line numbers, streamed (one line in
/// memory at a time): the shared line reader of JSON Lines and CSV inputs. A leading byte-order
/// mark is tolerated; invalid UTF-8 stops the read naming its line.
/// </summary>
internal static class TextLines
{
    public static IEnumerable<(long Number, string Text)> NonBlank(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false);
        long number = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException ex)
            {
                throw new BadInputException($"{path}:{number + 1}: the file is not valid UTF-8.", ex);
            }

            if (line is null)
            {
                yield break;
            }

            number++;
            if (number == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..]; // tolerate a UTF-8 byte-order mark
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (number, line);
            }
        }
    }
}
