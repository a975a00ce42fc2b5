using System.Security.Cryptography;

namespace TrustScore.Receipts;

/// <summary>
/// The node's validity rules for a receipt (docs/serving.md "Inference receipts"), checked before
/// signing and when verifying. Each broken rule is reported with the field it concerns, so a
/// tampered or malformed receipt names what is wrong.
/// </summary>
public static class ReceiptRules
{
    /// <summary>Longest identifier string, in bytes.</summary>
    public const int MaxString = 128;

    /// <summary>Longest reason code, in bytes.</summary>
    public const int MaxReasonCode = 64;

    public const int MaxScopes = 32;
    public const int MaxReasonCodes = 16;
    public const uint MaxConfidenceMillionths = 1_000_000;
    public const uint MaxScore = 100;

    /// <summary>Most blocks between issue and expiry.</summary>
    public const long MaxHeightLifetime = 2;

    /// <summary>Most seconds between issue and expiry (10 minutes).</summary>
    public const long MaxSecondsLifetime = 600;

    /// <summary>The statuses the node knows.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["success", "partial", "failed", "error"];

    /// <summary>Reason code of a successful result; the only code a <c>success</c> receipt carries.</summary>
    public const string Success = "SUCCESS";

    /// <summary>
    /// The node's canonical reason codes that this project knows the spelling of. (The node also
    /// accepts two artifact-state codes whose spelling our reference does not show; a receipt
    /// carrying them is reported as non-canonical here.)
    /// </summary>
    public static IReadOnlySet<string> ReasonCodeSet { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "SUCCESS", "DECRYPT_ERROR", "INVALID_SCOPE", "SCOPE_NOT_FOUND", "SCOPE_REVOKED", "SCOPE_EXPIRED",
        "ML_INFERENCE_ERROR", "TIMEOUT", "MAX_RETRIES_EXCEEDED", "INVALID_PAYLOAD", "KEY_NOT_FOUND",
        "INSUFFICIENT_SCOPES", "FACE_MISMATCH", "DOCUMENT_INVALID", "LIVENESS_CHECK_FAILED", "LOW_CONFIDENCE",
        "LOW_DOC_QUALITY", "LOW_OCR_CONFIDENCE",
    };

    /// <summary>Every broken rule; empty when the receipt is valid.</summary>
    public static IReadOnlyList<ReceiptProblem> Check(InferenceReceipt r, bool requireSignature)
    {
        var problems = new List<ReceiptProblem>();
        void Fail(string field, string message) => problems.Add(new ReceiptProblem(field, message));

        foreach ((string field, string value) in new[]
        {
            (ReceiptFieldNames.ChainId, r.ChainId), (ReceiptFieldNames.AccountAddress, r.AccountAddress),
            (ReceiptFieldNames.RequestId, r.RequestId), (ReceiptFieldNames.Nonce, r.Nonce),
            (ReceiptFieldNames.PipelineVersion, r.PipelineVersion), (ReceiptFieldNames.SignerKeyId, r.SignerKeyId),
            (ReceiptFieldNames.SignerFingerprint, r.SignerFingerprint),
        })
        {
            if (IdentifierProblem(value, MaxString) is string why)
            {
                Fail(field, why);
            }
        }

        if (!IsLowerHex64(r.SignerFingerprint))
        {
            Fail(ReceiptFieldNames.SignerFingerprint, "must be 64 lower-case hex characters (SHA-256 of the Ed25519 public key)");
        }

        CheckList(ReceiptFieldNames.ScopeIds, r.ScopeIds, MaxScopes, MaxString, Fail);

        foreach ((string field, byte[] digest) in Digests(r))
        {
            if (digest.Length != SHA256.HashSizeInBytes)
            {
                Fail(field, $"has {digest.Length} bytes; a SHA-256 digest has 32");
            }
        }

        if (r.DeterminismProfile != DeterminismProfile.Canonical)
        {
            Fail(ReceiptFieldNames.DeterminismProfile, "is not the canonical profile (CPU only, seed 42, deterministic ops, 1 inter-op and 1 intra-op thread, GPU disabled)");
        }

        if (r.ConfigDigest.Length == SHA256.HashSizeInBytes && !r.ConfigDigest.AsSpan().SequenceEqual(ReceiptCanonical.ConfigDigest))
        {
            Fail(ReceiptFieldNames.ConfigDigest, "is not the digest of the node's strict determinism config");
        }

        if (r.Score > MaxScore)
        {
            Fail(ReceiptFieldNames.Score, $"is {r.Score}; at most {MaxScore}");
        }

        if (!Statuses.Contains(r.Status))
        {
            Fail(ReceiptFieldNames.Status, $"is '{r.Status}'; expected one of {string.Join(", ", Statuses)}");
        }

        if (r.ConfidenceMillionths > MaxConfidenceMillionths)
        {
            Fail(ReceiptFieldNames.ConfidenceMillionths, $"is {r.ConfidenceMillionths}; at most {MaxConfidenceMillionths}");
        }

        CheckList(ReceiptFieldNames.ReasonCodes, r.ReasonCodes, MaxReasonCodes, MaxReasonCode, Fail);
        foreach (string code in r.ReasonCodes.Where(c => c.Length > 0 && !ReasonCodeSet.Contains(c)))
        {
            Fail(ReceiptFieldNames.ReasonCodes, $"'{code}' is not a canonical reason code");
        }

        CheckOutcome(r, Fail);

        if (r.IssuedHeight <= 0 || r.ExpiresHeight <= r.IssuedHeight)
        {
            Fail(ReceiptFieldNames.ExpiresHeight, $"heights must satisfy 0 < issued_height < expires_height; got {r.IssuedHeight} and {r.ExpiresHeight}");
        }
        else if (r.ExpiresHeight - r.IssuedHeight > MaxHeightLifetime)
        {
            Fail(ReceiptFieldNames.ExpiresHeight, $"is {r.ExpiresHeight - r.IssuedHeight} blocks after issued_height; at most {MaxHeightLifetime}");
        }

        if (r.ExpiresAtUnix <= r.IssuedAtUnix)
        {
            Fail(ReceiptFieldNames.ExpiresAtUnix, "must be later than issued_at");
        }
        else if (r.ExpiresAtUnix - r.IssuedAtUnix > MaxSecondsLifetime)
        {
            Fail(ReceiptFieldNames.ExpiresAtUnix, $"is {r.ExpiresAtUnix - r.IssuedAtUnix} s after issued_at; at most {MaxSecondsLifetime} s");
        }

        if (r.SignerSequence == 0)
        {
            Fail(ReceiptFieldNames.SignerSequence, "must be at least 1");
        }

        if (requireSignature && r.Signature.Length != 64)
        {
            Fail(ReceiptFieldNames.Signature, $"has {r.Signature.Length} bytes; an Ed25519 signature has 64");
        }

        return problems;
    }

    /// <summary>The nine digest fields with their names, in envelope order.</summary>
    public static IEnumerable<(string Field, byte[] Value)> Digests(InferenceReceipt r) =>
    [
        (ReceiptFieldNames.InputDigest, r.InputDigest), (ReceiptFieldNames.FeatureDigest, r.FeatureDigest),
        (ReceiptFieldNames.SchemaDigest, r.SchemaDigest), (ReceiptFieldNames.EvidenceLineageDigest, r.EvidenceLineageDigest),
        (ReceiptFieldNames.ModelManifestDigest, r.ModelManifestDigest), (ReceiptFieldNames.ModelDigest, r.ModelDigest),
        (ReceiptFieldNames.RuntimeImageDigest, r.RuntimeImageDigest), (ReceiptFieldNames.RuntimeDigest, r.RuntimeDigest),
        (ReceiptFieldNames.ConfigDigest, r.ConfigDigest),
    ];

    /// <summary>Why <paramref name="value"/> is not a valid identifier (non-blank printable ASCII, no surrounding space, bounded), or null.</summary>
    public static string? IdentifierProblem(string value, int maxLength)
    {
        if (value.Trim().Length == 0)
        {
            return "is required (empty)";
        }

        if (value.Length > maxLength)
        {
            return $"has {value.Length} bytes; at most {maxLength}";
        }

        if (value.Any(c => c < 0x20 || c > 0x7E))
        {
            return "must be printable ASCII";
        }

        return value != value.Trim() ? "must not start or end with whitespace" : null;
    }

    private static void CheckOutcome(InferenceReceipt r, Action<string, string> fail)
    {
        bool hasSuccess = r.ReasonCodes.Contains(Success, StringComparer.Ordinal);
        switch (r.Status)
        {
            case "success" when r.ReasonCodes.Count != 1 || !hasSuccess:
                fail(ReceiptFieldNames.ReasonCodes, "a success receipt must carry only SUCCESS");
                break;
            case "partial" when hasSuccess:
                fail(ReceiptFieldNames.ReasonCodes, "a partial receipt cannot carry SUCCESS");
                break;
            case "failed" or "error":
                if (r.Score != 0)
                {
                    fail(ReceiptFieldNames.Score, $"is {r.Score}; a {r.Status} receipt must score 0");
                }

                if (hasSuccess)
                {
                    fail(ReceiptFieldNames.ReasonCodes, $"a {r.Status} receipt cannot carry SUCCESS");
                }

                break;
        }
    }

    private static void CheckList(string field, IReadOnlyList<string> values, int maxCount, int maxLength, Action<string, string> fail)
    {
        if (values.Count == 0 || values.Count > maxCount)
        {
            fail(field, $"has {values.Count} entries; expected 1 to {maxCount}");
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (IdentifierProblem(values[i], maxLength) is string why)
            {
                fail(field, $"entry {i} {why}");
            }
            else if (i > 0 && string.CompareOrdinal(values[i], values[i - 1]) <= 0)
            {
                fail(field, $"entry {i} '{values[i]}' is out of order or repeated; the list must be sorted and unique");
            }
        }
    }

    private static bool IsLowerHex64(string s) => s.Length == 64 && s.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
