namespace TrustScore.Config;

/// <summary>
/// A string value after <c>${VAR}</c> / <c>${VAR:-default}</c> expansion, with where it came from,
/// so an error about it (e.g. a dataset path that does not exist) can name the variable to fix.
/// </summary>
/// <param name="Value">The expanded value.</param>
/// <param name="Raw">The text as written in the config file.</param>
/// <param name="KeyPath">The key path, e.g. <c>dataset.data_paths[0]</c>.</param>
/// <param name="Variables">Each variable referenced, in order of appearance.</param>
public sealed record ExpandedValue(string Value, string Raw, string KeyPath, IReadOnlyList<VariableUse> Variables)
{
    /// <summary>One sentence on how the value was produced, e.g. "VEID_DATASET_PATH is unset, so the default 'data/x' was used".</summary>
    public string Describe()
    {
        if (Variables.Count == 0)
        {
            return $"{KeyPath} is written literally as '{Raw}' in the config";
        }

        var parts = Variables.Select(v => v.IsSet
            ? $"{v.Name} is set to '{v.Value}'"
            : $"{v.Name} is unset, so the default '{v.Default}' was used");
        return $"{KeyPath} = \"{Raw}\" and " + string.Join(" and ", parts);
    }
}
