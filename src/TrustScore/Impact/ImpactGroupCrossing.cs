namespace TrustScore.Impact;

/// <summary>Threshold crossings within one group of records (a document type, or genuine/fraud).</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Records">Records in the group.</param>
/// <param name="CrossedUp">Records that fail the threshold with the from model and pass with the to model.</param>
/// <param name="CrossedDown">Records that pass with the from model and fail with the to model.</param>
public sealed record ImpactGroupCrossing(string Group, int Records, int CrossedUp, int CrossedDown);
