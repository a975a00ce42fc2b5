namespace TrustScore.Signing;

/// <summary>
/// What <see cref="SignatureVerifier"/> found. <see cref="SignatureValid"/>: the envelope verifies
/// with an operator key. <see cref="ContentMatches"/>: the signed statement describes the
/// directory as it is now (root, every model file, manifest and export metadata).
/// </summary>
/// <param name="SignatureValid">A signature over the DSSE PAE verifies with a supplied key.</param>
/// <param name="SignatureDetail">One sentence: which key verified, or why none did.</param>
/// <param name="ContentMatches">The signed statement matches the directory (false when the signature is not valid).</param>
/// <param name="ContentDetail">One sentence, or the list of differences.</param>
/// <param name="KeySource">The key file that verified, when one did.</param>
/// <param name="Statement">The signed statement, when the signature verified and it parsed.</param>
public sealed record SignatureReport(
    bool SignatureValid,
    string SignatureDetail,
    bool ContentMatches,
    string ContentDetail,
    string? KeySource,
    ModelStatement? Statement)
{
    /// <summary>Both the signature and the content check passed.</summary>
    public bool Passed => SignatureValid && ContentMatches;
}
