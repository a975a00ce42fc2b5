namespace TrustScore.Impact;

/// <summary>What the change of model does to one decision threshold of the chain.</summary>
/// <param name="Name">The threshold's profile key.</param>
/// <param name="MinScore">The lowest passing integer score.</param>
/// <param name="PassingBefore">Records passing with the from model.</param>
/// <param name="PassingAfter">Records passing with the to model.</param>
/// <param name="CrossedUp">Records that start passing.</param>
/// <param name="CrossedDown">Records that stop passing.</param>
/// <param name="ByDocumentType">Crossings per document type, ordinal order.</param>
/// <param name="ByPopulation">Crossings for <c>genuine</c> and <c>fraud</c> records.</param>
public sealed record ThresholdImpact(
    string Name,
    int MinScore,
    int PassingBefore,
    int PassingAfter,
    int CrossedUp,
    int CrossedDown,
    IReadOnlyList<ImpactGroupCrossing> ByDocumentType,
    IReadOnlyList<ImpactGroupCrossing> ByPopulation);
