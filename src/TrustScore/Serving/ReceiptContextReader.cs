using System.Globalization;
using System.Security.Cryptography;
using TrustScore.Receipts;

namespace TrustScore.Serving;

/// <summary>
/// Builds a request's <see cref="ReceiptContext"/> from its metadata — HTTP headers
/// <c>TrustScore-Receipt-*</c>, gRPC <c>InferenceMetadata</c> plus the same names as gRPC request
/// metadata — and the documented defaults for what is not given (docs/serving.md "Receipts from
/// the service"). A value that cannot go into a receipt is a 400 naming the header.
/// </summary>
internal static class ReceiptContextReader
{
    public const string AccountHeader = "TrustScore-Receipt-Account-Address";
    public const string RequestIdHeader = "TrustScore-Receipt-Request-Id";
    public const string ScopeIdsHeader = "TrustScore-Receipt-Scope-Ids";
    public const string NonceHeader = "TrustScore-Receipt-Nonce";
    public const string BlockHeightHeader = "TrustScore-Receipt-Block-Height";
    public const string IssuedAtHeader = "TrustScore-Receipt-Issued-At";
    public const string EvidenceHeader = "TrustScore-Receipt-Evidence-Lineage-Digest";

    /// <summary>Account address when the request names none.</summary>
    public const string DefaultAccount = "unspecified";

    /// <summary>Scope when the request names none.</summary>
    public const string DefaultScope = "trust_score";

    /// <summary>Height when the request names none (the node treats such a receipt as expired: send the height).</summary>
    public const long DefaultHeight = 1;

    /// <summary>Evidence lineage when the request names none: SHA-256 of the empty string.</summary>
    public static readonly byte[] DefaultEvidence = SHA256.HashData([]);

    /// <summary>
    /// The context of one request. <paramref name="header"/> looks a header up by name (case-insensitive);
    /// the other arguments are protocol fields that come first (OIP <c>id</c>, gRPC metadata).
    /// </summary>
    /// <exception cref="ServingRequestException">400: a value is not usable in a receipt.</exception>
    public static ReceiptContext Read(Func<string, string?> header, string chainId, TimeProvider time, string? requestId = null, string? account = null, long? height = null)
    {
        string accountAddress = Identifier(NonEmpty(account) ?? header(AccountHeader), AccountHeader) ?? DefaultAccount;
        string id = Identifier(NonEmpty(requestId) ?? header(RequestIdHeader), RequestIdHeader) ?? Guid.NewGuid().ToString("N");
        string nonce = Identifier(header(NonceHeader), NonceHeader) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        IReadOnlyList<string> scopes = Scopes(header(ScopeIdsHeader));
        long issuedHeight = height is > 0 ? height.Value : Number(header(BlockHeightHeader), BlockHeightHeader, min: 1) ?? DefaultHeight;
        long issuedAt = Number(header(IssuedAtHeader), IssuedAtHeader, min: 1) ?? time.GetUtcNow().ToUnixTimeSeconds();
        byte[] evidence = Evidence(header(EvidenceHeader)) ?? DefaultEvidence;
        return new ReceiptContext(chainId, accountAddress, id, scopes, nonce, evidence, issuedHeight, issuedAt);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Identifier(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return ReceiptRules.IdentifierProblem(value, ReceiptRules.MaxString) is string why
            ? throw Bad($"{name} {why}")
            : value;
    }

    private static IReadOnlyList<string> Scopes(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [DefaultScope];
        }

        IReadOnlyList<string> scopes = ReceiptCanonical.Strings(value.Split(',', StringSplitOptions.TrimEntries));
        if (scopes.Count is 0 or > ReceiptRules.MaxScopes)
        {
            throw Bad($"{ScopeIdsHeader} names {scopes.Count} scopes; expected 1 to {ReceiptRules.MaxScopes}, comma-separated");
        }

        foreach (string scope in scopes)
        {
            Identifier(scope, ScopeIdsHeader);
        }

        return scopes;
    }

    private static long? Number(string? value, string name, long min)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= min && n < long.MaxValue / 2
            ? n
            : throw Bad($"{name} is '{value}'; expected a whole number of at least {min}");
    }

    private static byte[]? Evidence(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        string hex = value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;
        return hex.Length == 64 && hex.All(Uri.IsHexDigit)
            ? Convert.FromHexString(hex)
            : throw Bad($"{EvidenceHeader} is not a SHA-256 digest (64 hex characters, optional sha256: prefix)");
    }

    private static ServingRequestException Bad(string message) => new(400, $"receipt context: {message}");
}
