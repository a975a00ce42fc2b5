using System.CommandLine;

namespace TrustScore.Cli;

/// <summary>Options used by several verbs, declared once so their names and help never drift.</summary>
internal static class SharedOptions
{
    /// <summary>Machine-readable output: only JSON on stdout, human text on stderr.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Write only JSON to stdout (human text goes to stderr)." };
}
