using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.IO;
using TrustScore.Registry;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Audit;

/// <summary>
/// The registry's tamper-evident audit trail, <c>&lt;registry&gt;/rollback_log.jsonl</c> (runbook
/// §5 and §8.4; docs/formats/audit-log.md). The ONE writer every publisher and
/// rollback uses. Each line is one compact canonical JSON object (sorted keys, no whitespace)
/// carrying its sequence number and the SHA-256 of the previous line, so editing, deleting or
/// reordering a line breaks the chain. An entry is appended with a single write, then flushed and
/// fsynced, after the operation has finished (or failed) so the record states the real outcome.
/// A torn last line left by a crash is reported by <see cref="Verify"/>; the next append moves it
/// to a side file and records that it did, instead of dropping it silently.
/// </summary>
public sealed class AuditLog
{
    /// <summary>The log's file name inside a registry.</summary>
    public const string FileName = "rollback_log.jsonl";

    /// <summary>The previous-hash of the first line.</summary>
    public const string GenesisSha256 = "0000000000000000000000000000000000000000000000000000000000000000";

    private readonly TimeProvider time;
    private readonly SigningKey? signer;

    private AuditLog(string path, TimeProvider time, SigningKey? signer = null)
    {
        Path = path;
        this.time = time;
        this.signer = signer;
    }

    /// <summary>The log file's full path.</summary>
    public string Path { get; }

    /// <summary>The log of the registry at <paramref name="registryRoot"/> (a local directory; created on first append).</summary>
    /// <exception cref="Errors.BadInputException">The log file is a symbolic link.</exception>
    public static AuditLog Open(string registryRoot, TimeProvider? time = null) =>
        OpenFile(System.IO.Path.Combine(System.IO.Path.GetFullPath(registryRoot), FileName), time);

    /// <summary>The log at an explicit file path.</summary>
    /// <exception cref="Errors.BadInputException">The log file is a symbolic link.</exception>
    public static AuditLog OpenFile(string path, TimeProvider? time = null)
    {
        var log = new AuditLog(System.IO.Path.GetFullPath(path), time ?? TimeProvider.System);

        // Refused before any work, so an operation never runs and then finds it cannot record itself.
        log.RefuseLink();
        return log;
    }

    /// <summary>
    /// The same log, signing every entry it appends with <paramref name="key"/> (the operator's
    /// key): the entry gets a <c>sig</c> field over its canonical bytes without <c>sig</c>, which
    /// include <c>prev_sha256</c>, so the signature covers the whole chain up to that line.
    /// </summary>
    public AuditLog SignedWith(SigningKey? key) => new(Path, time, key);

    /// <summary>
    /// Appends <paramref name="entry"/> as the next line and makes it durable before returning.
    /// Serialised across processes by <c>rollback_log.jsonl.lock</c>.
    /// </summary>
    public AuditRecord Append(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        using var guard = ExclusiveLock.Acquire(Path + ".lock", "audit-append", TimeSpan.FromSeconds(30), time, "Another audit log append");
        RefuseLink();
        bool created = !File.Exists(Path);
        using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        byte[] existing = new byte[stream.Length];
        stream.ReadExactly(existing);

        int end = existing.Length;
        if (end > 0 && existing[end - 1] != (byte)'\n')
        {
            int keep = Array.LastIndexOf(existing, (byte)'\n') + 1;
            byte[] fragment = existing[keep..];
            string sidecar = $"{Path}.torn-{CountLines(existing, keep) + 1}-{Convert.ToHexStringLower(SHA256.HashData(fragment))[..12]}";
            IO.AtomicFile.WriteAllBytes(sidecar, fragment);
            stream.SetLength(keep);
            stream.Flush(flushToDisk: true);
            existing = existing[..keep];
            AppendLine(stream, existing, signer, entry with
            {
                Action = AuditAction.TornLineRecovered,
                Outcome = AuditOutcome.Succeeded,
                Reason = null,
                FromVersion = null,
                FromDigest = null,
                ToVersion = null,
                ToDigest = null,
                Verification = [],
                DurationMs = 0,
                Message = $"A torn last line ({fragment.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(fragment))}) from a crash mid-append was moved to '{System.IO.Path.GetFileName(sidecar)}'.",
            }, out existing);
        }

        var record = AppendLine(stream, existing, signer, entry, out _);
        if (created)
        {
            IO.AtomicFile.FlushDirectory(dir);
        }

        return record;
    }

    /// <summary>Every complete, parseable entry in file order (a torn last line is left out; see <see cref="Verify"/>).</summary>
    public IReadOnlyList<AuditRecord> Read()
    {
        var records = new List<AuditRecord>();
        RefuseLink();
        if (!File.Exists(Path))
        {
            return records;
        }

        byte[] bytes = File.ReadAllBytes(Path);
        int pos = 0;
        while (pos < bytes.Length)
        {
            int lf = Array.IndexOf(bytes, (byte)'\n', pos);
            if (lf < 0)
            {
                break;
            }

            byte[] line = bytes[pos..lf];
            pos = lf + 1;
            if (TryParse(line, out var obj) && TryToRecord(obj, line, out var record))
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>
    /// Re-checks every line: JSON, canonical form, sequence and hash chain, and a complete last
    /// line. With <paramref name="anchoredHead"/> (a head hash recorded elsewhere earlier) the
    /// chain must also still contain that line, which catches edits of the tail and truncation.
    /// With <paramref name="key"/> every line must carry a valid <c>sig</c> by that key.
    /// </summary>
    public AuditVerification Verify(string? anchoredHead = null, VerificationKey? key = null)
    {
        var result = VerifyChain(key, out var hashes);
        if (result.Valid && anchoredHead is not null && !hashes.Contains(anchoredHead.Trim().ToLowerInvariant()))
        {
            return result with
            {
                Valid = false,
                Problem = $"The anchored head {anchoredHead} is not in the log: lines at or before it were edited, or lines were removed from the end.",
            };
        }

        return result;
    }

    private AuditVerification VerifyChain(VerificationKey? key, out HashSet<string> hashes)
    {
        hashes = new HashSet<string>(StringComparer.Ordinal);
        RefuseLink();
        if (!File.Exists(Path))
        {
            return new AuditVerification(Path, true, 0, null, null, false, null);
        }

        byte[] bytes = File.ReadAllBytes(Path);
        int pos = 0;
        long lineNo = 0;
        string previous = GenesisSha256;
        string? head = null;
        while (pos < bytes.Length)
        {
            lineNo++;
            int lf = Array.IndexOf(bytes, (byte)'\n', pos);
            if (lf < 0)
            {
                return new AuditVerification(Path, false, lineNo - 1, head, lineNo, true,
                    $"Line {lineNo} is torn: {bytes.Length - pos} bytes without a line end (a crash mid-append); the {lineNo - 1} lines before it are intact.");
            }

            byte[] line = bytes[pos..lf];
            pos = lf + 1;
            string? problem = null;
            if (!TryParse(line, out var obj))
            {
                problem = $"Line {lineNo} is not a JSON object: it was edited or corrupted.";
            }
            else if (!CanonicalJson.ToCompactUtf8Bytes(obj).AsSpan().SequenceEqual(line))
            {
                problem = $"Line {lineNo} is not in canonical form: it was edited.";
            }
            else if (obj["seq"]?.GetValueKind() != JsonValueKind.Number || obj["seq"]!.GetValue<long>() != lineNo)
            {
                problem = $"Line {lineNo} carries sequence {obj["seq"]?.ToJsonString() ?? "none"}, expected {lineNo}: a line was deleted, inserted or reordered.";
            }
            else if ((string?)obj["prev_sha256"] != previous)
            {
                problem = $"Line {lineNo} does not chain to line {lineNo - 1} (prev_sha256 {(string?)obj["prev_sha256"]}, expected {previous}): line {lineNo - 1} was edited, or lines were removed or reordered.";
            }
            else if (key is not null)
            {
                problem = CheckSignature(obj, key, lineNo);
            }

            if (problem is not null)
            {
                return new AuditVerification(Path, false, lineNo - 1, head, lineNo, false, problem);
            }

            previous = head = Convert.ToHexStringLower(SHA256.HashData(line));
            hashes.Add(head);
        }

        return new AuditVerification(Path, true, lineNo, head, null, false, null);
    }

    /// <summary>The log and its lock file must be real files of the registry, never links.</summary>
    private void RefuseLink()
    {
        NoFollow.RefuseLink(Path, "audit log");
        NoFollow.RefuseLink(Path + ".lock", "lock file");
    }

    private static AuditRecord AppendLine(FileStream stream, byte[] existing, SigningKey? signer, AuditEntry entry, out byte[] after)
    {
        int lastStart = existing.Length switch
        {
            0 => -1,
            1 => 0,
            _ => Array.LastIndexOf(existing, (byte)'\n', existing.Length - 2) + 1,
        };
        string previous = lastStart < 0
            ? GenesisSha256
            : Convert.ToHexStringLower(SHA256.HashData(existing.AsSpan(lastStart, existing.Length - 1 - lastStart)));
        long sequence = CountLines(existing, existing.Length) + 1;
        var json = ToJson(sequence, previous, entry);
        if (signer is not null)
        {
            byte[] unsigned = CanonicalJson.ToCompactUtf8Bytes(json);
            json["sig"] = new JsonObject
            {
                ["key_hint"] = signer.PublicKey.Hint,
                ["algorithm"] = signer.Algorithm.ToString(),
                ["value"] = Convert.ToBase64String(signer.Sign(unsigned)),
            };
        }

        byte[] line = CanonicalJson.ToCompactUtf8Bytes(json);
        byte[] withNewline = [.. line, (byte)'\n'];

        // One write of the whole line, then fsync: a crash leaves at most a torn tail, never a gap.
        stream.Seek(0, SeekOrigin.End);
        stream.Write(withNewline);
        stream.Flush(flushToDisk: true);
        after = [.. existing, .. withNewline];
        return new AuditRecord(sequence, previous, Convert.ToHexStringLower(SHA256.HashData(line)), entry);
    }

    private static string? CheckSignature(JsonObject obj, VerificationKey key, long lineNo)
    {
        if (obj["sig"] is not JsonObject sig || (string?)sig["value"] is not { } value)
        {
            return $"Line {lineNo} is not signed, but a key was given: every entry must be signed by it.";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return $"Line {lineNo} has a signature that is not base64.";
        }

        var unsigned = (JsonObject)obj.DeepClone();
        unsigned.Remove("sig");
        return key.Verify(CanonicalJson.ToCompactUtf8Bytes(unsigned), signature)
            ? null
            : $"Line {lineNo}'s signature does not verify with the key from '{key.Source}': it was edited or signed by another key.";
    }

    private static long CountLines(byte[] bytes, int length) => bytes.AsSpan(0, length).Count((byte)'\n');

    private static JsonObject ToJson(long sequence, string previous, AuditEntry e) => new()
    {
        ["seq"] = sequence,
        ["prev_sha256"] = previous,
        ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["actor"] = e.Actor,
        ["action"] = e.Action,
        ["outcome"] = e.Outcome,
        ["reason"] = e.Reason,
        ["from_version"] = e.FromVersion,
        ["from_digest"] = e.FromDigest,
        ["to_version"] = e.ToVersion,
        ["to_digest"] = e.ToDigest,
        ["verification"] = new JsonArray([.. e.Verification.Select(c => (JsonNode)new JsonObject
        {
            ["check"] = c.Name,
            ["passed"] = c.Passed,
            ["detail"] = c.Detail,
        })]),
        ["duration_ms"] = e.DurationMs,
        ["message"] = e.Message,
    };

    private static bool TryParse(byte[] line, out JsonObject obj)
    {
        try
        {
            if (StrictJson.ParseNode(line) is JsonObject o)
            {
                obj = o;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        obj = [];
        return false;
    }

    private static bool TryToRecord(JsonObject o, byte[] line, out AuditRecord record)
    {
        record = null!;
        try
        {
            var checks = (o["verification"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(c => new VerificationCheck((string?)c["check"] ?? "", c["passed"]?.GetValue<bool>() ?? false, (string?)c["detail"] ?? ""))
                .ToList();
            var entry = new AuditEntry(
                DateTimeOffset.Parse((string?)o["time"] ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                (string?)o["actor"] ?? "",
                (string?)o["action"] ?? "",
                (string?)o["outcome"] ?? "",
                (string?)o["reason"],
                (string?)o["from_version"],
                (string?)o["from_digest"],
                (string?)o["to_version"],
                (string?)o["to_digest"],
                checks,
                o["duration_ms"]?.GetValue<long>() ?? 0,
                (string?)o["message"] ?? "");
            record = new AuditRecord(o["seq"]?.GetValue<long>() ?? 0, (string?)o["prev_sha256"] ?? "", Convert.ToHexStringLower(SHA256.HashData(line)), entry);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            return false;
        }
    }
}
