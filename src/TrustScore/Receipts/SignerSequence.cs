using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Registry;

namespace TrustScore.Receipts;

/// <summary>
/// The durable <c>signer_sequence</c> of one receipt key (docs/serving.md "Signer sequence"):
/// strictly increasing across restarts and crashes, never reused. Numbers are handed out from a
/// block reserved <b>before</b> its first number is used: the state file records the highest
/// reserved number and is replaced atomically and fsynced (temp file, flush, rename, directory
/// flush) before any number of the new block leaves this process. After a crash — kill -9
/// included — the next process starts above everything that was reserved, so at worst the unused
/// rest of a block is skipped; a number is never issued twice. An exclusive lock
/// (<c>&lt;state&gt;.lock</c>, dropped by the kernel when the holder dies) keeps two processes
/// from sharing one sequence. Safe for concurrent callers.
/// </summary>
public sealed class SignerSequence : IDisposable
{
    /// <summary>Numbers reserved per state-file write.</summary>
    public const long DefaultBlockSize = 1024;

    private readonly object gate = new();
    private readonly string path;
    private readonly string fingerprint;
    private readonly long blockSize;
    private readonly ExclusiveLock exclusive;
    private ulong next;
    private ulong reservedThrough;

    private SignerSequence(string path, string fingerprint, long blockSize, ExclusiveLock exclusive, ulong reservedThrough)
    {
        this.path = path;
        this.fingerprint = fingerprint;
        this.blockSize = blockSize;
        this.exclusive = exclusive;
        this.reservedThrough = reservedThrough;
        next = reservedThrough + 1;
        StartedAt = next;
    }

    /// <summary>The first number this process hands out.</summary>
    public ulong StartedAt { get; }

    /// <summary>The state file.</summary>
    public string StatePath => path;

    /// <summary>
    /// Opens (or creates) the sequence state at <paramref name="statePath"/> for the key with
    /// <paramref name="signerFingerprint"/>.
    /// </summary>
    /// <exception cref="BusyException">Another process holds this sequence.</exception>
    /// <exception cref="BadInputException">The state file is malformed or belongs to another key.</exception>
    public static SignerSequence Open(string statePath, string signerFingerprint, long blockSize = DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        string full = Path.GetFullPath(statePath);
        ExclusiveLock exclusive = ExclusiveLock.Acquire(full + ".lock", "receipt signer sequence", TimeSpan.Zero, TimeProvider.System, $"Another process signing receipts with sequence '{full}'");
        try
        {
            ulong reserved = ReadState(full, signerFingerprint);
            return new SignerSequence(full, signerFingerprint, blockSize, exclusive, reserved);
        }
        catch
        {
            exclusive.Dispose();
            throw;
        }
    }

    /// <summary>The next number; reserves (durably) a new block first when the current one is used up.</summary>
    /// <exception cref="IOException">The state file cannot be written; no number is handed out.</exception>
    public ulong Next()
    {
        lock (gate)
        {
            if (next > reservedThrough)
            {
                ulong through = checked(reservedThrough + (ulong)blockSize);
                WriteState(through);
                reservedThrough = through;
            }

            return next++;
        }
    }

    public void Dispose() => exclusive.Dispose();

    private static ulong ReadState(string path, string fingerprint)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        try
        {
            JsonObject state = StrictJson.ParseNode(File.ReadAllText(path))?.AsObject() ?? throw new JsonException("empty");
            string? owner = state["signer_fingerprint"]?.GetValue<string>();
            if (owner != fingerprint)
            {
                throw new BadInputException($"The receipt sequence file '{path}' belongs to the key with fingerprint {owner}, not {fingerprint}; give each receipt key its own sequence file.");
            }

            return state["reserved_through"]?.GetValue<ulong>() ?? throw new JsonException("no reserved_through");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new BadInputException($"The receipt sequence file '{path}' is not a valid sequence state ({{\"signer_fingerprint\": …, \"reserved_through\": N}}): {ex.Message}", ex);
        }
    }

    private void WriteState(ulong through)
    {
        var state = new JsonObject
        {
            ["reserved_through"] = through,
            ["signer_fingerprint"] = fingerprint,
            ["updated_by_pid"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        AtomicFile.WriteAllText(path, CanonicalJson.ToText(state));
    }
}
