namespace TrustScore.Config;

/// <summary>One <c>${NAME}</c> or <c>${NAME:-default}</c> reference inside a config value.</summary>
/// <param name="Name">The environment variable's name.</param>
/// <param name="IsSet">True when the variable was set to a non-empty value.</param>
/// <param name="Value">The variable's value when set.</param>
/// <param name="Default">The default written after <c>:-</c>, or null when none was written.</param>
public sealed record VariableUse(string Name, bool IsSet, string? Value, string? Default);
