using System.Text.RegularExpressions;
using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>The chain's model types and how TrustScore names a model on chain.</summary>
public static partial class ModelTypes
{
    /// <summary>The model type of the VEID trust-score model.</summary>
    public const string TrustScore = "trust_score";

    /// <summary>Every model type the veid module knows (docs/governance.md).</summary>
    public static IReadOnlyList<string> Known { get; } = ["trust_score", "face_verification", "liveness", "gan_detection", "ocr"];

    /// <summary>
    /// The on-chain <c>model_id</c> of a model: <c>&lt;name&gt;-&lt;version&gt;</c>. Derived the same way by
    /// the proposal and the rollback proposal, so a rollback names exactly the id registered earlier.
    /// </summary>
    /// <exception cref="BadInputException">The name or version has characters outside letters, digits, '.', '_' and '-'.</exception>
    public static string ModelId(string name, string version)
    {
        string id = $"{name}-{version}";
        if (!IdPattern().IsMatch(id))
        {
            throw new BadInputException($"model name '{name}' and version '{version}' must use only letters, digits, '.', '_' and '-' (model_id '{id}').");
        }

        return id;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{3,128}$")]
    private static partial Regex IdPattern();
}
