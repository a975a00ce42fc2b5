using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TrustScore.Audit;
using TrustScore.Registry;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Tests.Registry;
using TrustScore.Verification;

namespace TrustScore.Tests.Audit;

public class AuditLogTests
{
    private static AuditEntry Entry(string action, string? to = null, string message = "m") =>
        new(RegistryTestSupport.Start, "alice@host", action, AuditOutcome.Succeeded, "why", null, null, to, to is null ? null : "sha256:" + new string('a', 64),
            [new VerificationCheck("digest", true, "ok")], 12, message);

    private static AuditLog WriteThree(TempDirectory tmp)
    {
        var log = AuditLog.Open(tmp.Path);
        log.Append(Entry(AuditAction.Publish, "v1"));
        log.Append(Entry(AuditAction.Activate, "v1"));
        log.Append(Entry(AuditAction.RollbackTo, "v2"));
        return log;
    }

    [Fact]
    public void Lines_AreChainedBySha256OfThePreviousLine()
    {
        using var tmp = new TempDirectory();
        var log = WriteThree(tmp);
        string[] lines = File.ReadAllText(log.Path).Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal(string.Empty, lines[3]);

        // Independent check of the documented rule: seq = line number, prev_sha256 = SHA-256 of the previous line's bytes.
        string previous = new('0', 64);
        for (int i = 0; i < 3; i++)
        {
            var obj = JsonNode.Parse(lines[i])!;
            Assert.Equal(i + 1, obj["seq"]!.GetValue<long>());
            Assert.Equal(previous, (string?)obj["prev_sha256"]);
            previous = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines[i])));
        }

        var verification = log.Verify();
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(3, verification.Entries);
        Assert.Equal(previous, verification.HeadSha256);
        Assert.Equal(["publish", "activate", "rollback_to"], log.Read().Select(r => r.Entry.Action).ToArray());
        Assert.Equal(Entry(AuditAction.Publish, "v1").Verification, log.Read()[0].Entry.Verification);
    }

    [Fact]
    public void Line_IsCompactJsonWithSortedKeys()
    {
        using var tmp = new TempDirectory();
        var log = WriteThree(tmp);
        string first = File.ReadLines(log.Path).First();
        Assert.StartsWith("{\"action\":\"publish\",\"actor\":\"alice@host\",\"duration_ms\":12,\"from_digest\":null,", first, StringComparison.Ordinal);
        Assert.DoesNotContain(": ", first, StringComparison.Ordinal);
    }

    [Fact]
    public void EditedLine_IsDetected()
    {
        using var tmp = new TempDirectory();
        var log = WriteThree(tmp);
        string text = File.ReadAllText(log.Path);
        File.WriteAllText(log.Path, text.Replace("\"to_version\":\"v1\"", "\"to_version\":\"v9\"", StringComparison.Ordinal));

        var verification = log.Verify();

        Assert.False(verification.Valid);
        Assert.False(verification.TornLastLine);
        Assert.Equal(2, verification.FirstBadLine);
        Assert.Contains("does not chain to line 1", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DeletedLine_IsDetected()
    {
        using var tmp = new TempDirectory();
        var log = WriteThree(tmp);
        var lines = File.ReadAllLines(log.Path).ToList();
        lines.RemoveAt(1);
        File.WriteAllText(log.Path, string.Join('\n', lines) + "\n");

        var verification = log.Verify();

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBadLine);
        Assert.Contains("expected 2", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReorderedLines_AreDetected()
    {
        using var tmp = new TempDirectory();
        var log = WriteThree(tmp);
        var lines = File.ReadAllLines(log.Path);
        File.WriteAllText(log.Path, string.Join('\n', lines[0], lines[2], lines[1]) + "\n");

        Assert.Equal(2, log.Verify().FirstBadLine);
    }

    [Fact]
    public void ReformattedLine_IsDetected_EvenWhenTheJsonMeansTheSame()
    {
        using var tmp = new TempDirectory();
        var log = WriteThree(tmp);
        var lines = File.ReadAllLines(log.Path);
        lines[2] = lines[2].Replace("{\"action\"", "{ \"action\"", StringComparison.Ordinal);
        File.WriteAllText(log.Path, string.Join('\n', lines) + "\n");

        var verification = log.Verify();
        Assert.Equal(3, verification.FirstBadLine);
        Assert.Contains("canonical", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TornLastLine_IsReported_ThenMovedAsideAndRecordedByTheNextAppend()
    {
        using var tmp = new TempDirectory();
        var log = WriteThree(tmp);
        const string fragment = "{\"action\":\"rollback_to\",\"act";
        File.AppendAllText(log.Path, fragment);

        var torn = log.Verify();
        Assert.False(torn.Valid);
        Assert.True(torn.TornLastLine);
        Assert.Equal(4, torn.FirstBadLine);
        Assert.Equal(3, torn.Entries);
        Assert.Equal(3, log.Read().Count);

        log.Append(Entry(AuditAction.RollbackPrevious, "v1"));

        var after = log.Verify();
        Assert.True(after.Valid, after.Problem);
        var records = log.Read();
        Assert.Equal([AuditAction.TornLineRecovered, AuditAction.RollbackPrevious], records.Skip(3).Select(r => r.Entry.Action).ToArray());
        string sidecar = Assert.Single(Directory.GetFiles(tmp.Path, AuditLog.FileName + ".torn-*"));
        Assert.Equal(fragment, File.ReadAllText(sidecar));
        Assert.Contains(Path.GetFileName(sidecar), records[3].Entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentAppenders_ProduceOneIntactChain()
    {
        using var tmp = new TempDirectory();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            // Each thread opens its own log object, as separate processes would.
            var log = AuditLog.Open(tmp.Path);
            for (int i = 0; i < 10; i++)
            {
                log.Append(Entry(AuditAction.Publish, $"t{t}-{i}"));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var verification = AuditLog.Open(tmp.Path).Verify();
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(40, verification.Entries);
    }

    [Fact]
    public void AnchoredHead_CatchesAnEditOfTheLastLine_AndTruncation()
    {
        using var tmp = new TempDirectory();
        var log = WriteThree(tmp);
        string head = log.Verify().HeadSha256!;
        string original = File.ReadAllText(log.Path);

        File.WriteAllText(log.Path, original.Replace("\"to_version\":\"v2\"", "\"to_version\":\"v8\"", StringComparison.Ordinal));
        Assert.True(log.Verify().Valid);
        Assert.False(log.Verify(head).Valid);

        File.WriteAllText(log.Path, string.Join('\n', original.Split('\n')[..2]) + "\n");
        Assert.Contains("anchored head", log.Verify(head).Problem, StringComparison.Ordinal);

        File.WriteAllText(log.Path, original);
        log.Append(Entry(AuditAction.RollbackPrevious, "v1"));
        Assert.True(log.Verify(head).Valid);
    }

    [Fact]
    public void SignedEntries_VerifyWithTheOperatorKey_AndAnEditOfTheLastLineIsCaught()
    {
        using var tmp = new TempDirectory();
        var operatorKey = KeyGenerator.Generate(tmp.Combine("keys", "op"));
        var otherKey = KeyGenerator.Generate(tmp.Combine("keys", "other"));
        var log = AuditLog.Open(tmp.Combine("reg")).SignedWith(KeyFile.ReadSigningKey(operatorKey.PrivateKeyPath));
        log.Append(Entry(AuditAction.Publish, "v1"));
        log.Append(Entry(AuditAction.Activate, "v1"));
        var publicKey = KeyFile.ReadVerificationKey(operatorKey.PublicKeyPath);

        Assert.True(log.Verify(key: publicKey).Valid, log.Verify(key: publicKey).Problem);
        Assert.Contains("signature does not verify", log.Verify(key: KeyFile.ReadVerificationKey(otherKey.PublicKeyPath)).Problem, StringComparison.Ordinal);

        string original = File.ReadAllText(log.Path);
        File.WriteAllText(log.Path, original.Replace("\"outcome\":\"succeeded\",\"prev_sha256\":\"" + log.Read()[0].Sha256, "\"outcome\":\"refused\",\"prev_sha256\":\"" + log.Read()[0].Sha256, StringComparison.Ordinal));
        Assert.NotEqual(original, File.ReadAllText(log.Path));
        Assert.True(log.Verify().Valid);
        var edited = log.Verify(key: publicKey);
        Assert.False(edited.Valid);
        Assert.Equal(2, edited.FirstBadLine);

        File.WriteAllText(log.Path, original);
        AuditLog.Open(tmp.Combine("reg")).Append(Entry(AuditAction.RollbackTo, "v2"));
        Assert.Contains("Line 3 is not signed", log.Verify(key: publicKey).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLog_IsValidAndEmpty()
    {
        using var tmp = new TempDirectory();
        var log = AuditLog.Open(tmp.Path);
        Assert.True(log.Verify().Valid);
        Assert.Empty(log.Read());
    }
}
