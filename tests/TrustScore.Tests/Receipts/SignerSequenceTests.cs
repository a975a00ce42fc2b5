using System.Collections.Concurrent;
using System.Text.Json;
using TrustScore.Errors;
using TrustScore.Receipts;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Receipts;

/// <summary>
/// The durable signer sequence in one process: strictly increasing across blocks and reopenings,
/// the block reserved on disk before its first number is used, exclusive per state file, and
/// bound to one key. (The kill -9 of a real serving process is in the CLI serve tests.)
/// </summary>
public sealed class SignerSequenceTests : IDisposable
{
    private const string Fingerprint = "b3824d814fd4dad4e430dd67e0a2411dd90631a2fafbc5b018d78a1c0b2ac75c";
    private readonly TempDirectory temp = new("sequence");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Numbers_start_at_one_and_increase_across_blocks()
    {
        using var sequence = SignerSequence.Open(temp.Combine("seq.json"), Fingerprint, blockSize: 3);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (ulong)i), Enumerable.Range(0, 10).Select(_ => sequence.Next()));
    }

    [Fact]
    public void A_block_is_on_disk_before_its_first_number_is_handed_out()
    {
        string path = temp.Combine("seq.json");
        using var sequence = SignerSequence.Open(path, Fingerprint, blockSize: 100);
        Assert.False(File.Exists(path)); // nothing reserved, nothing issued yet

        Assert.Equal(1UL, sequence.Next());
        Assert.Equal(100UL, ReservedThrough(path));
    }

    [Fact]
    public void Reopening_continues_above_everything_reserved()
    {
        string path = temp.Combine("seq.json");
        ulong last;
        using (var first = SignerSequence.Open(path, Fingerprint, blockSize: 50))
        {
            first.Next();
            last = first.Next();
        }

        using var second = SignerSequence.Open(path, Fingerprint, blockSize: 50);
        ulong next = second.Next();
        Assert.True(next > last);
        Assert.Equal(51UL, next); // the unused rest of the first block is skipped, never reused
        Assert.Equal(51UL, second.StartedAt);
    }

    [Fact]
    public void Concurrent_callers_get_distinct_increasing_numbers()
    {
        using var sequence = SignerSequence.Open(temp.Combine("seq.json"), Fingerprint, blockSize: 7);
        var seen = new ConcurrentBag<ulong>();
        Parallel.For(0, 2000, _ => seen.Add(sequence.Next()));
        Assert.Equal(2000, seen.Distinct().Count());
        Assert.Equal(2000UL, seen.Max());
    }

    [Fact]
    public void A_second_holder_is_refused_as_busy()
    {
        string path = temp.Combine("seq.json");
        using var first = SignerSequence.Open(path, Fingerprint);
        var ex = Assert.Throws<BusyException>(() => SignerSequence.Open(path, Fingerprint));
        Assert.Contains("seq.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_file_of_another_key_is_refused()
    {
        string path = temp.Combine("seq.json");
        using (var first = SignerSequence.Open(path, Fingerprint))
        {
            first.Next();
        }

        var ex = Assert.Throws<BadInputException>(() => SignerSequence.Open(path, new string('c', 64)));
        Assert.Contains("belongs to the key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_state_file_is_refused()
    {
        string path = temp.Combine("seq.json");
        File.WriteAllText(path, "{\"reserved_through\": \"x\"");
        Assert.Throws<BadInputException>(() => SignerSequence.Open(path, Fingerprint));
    }

    private static ulong ReservedThrough(string path) =>
        JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("reserved_through").GetUInt64();
}
