using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Training;

namespace TrustScore.Cli.Rendering;

/// <summary>
/// Renders the outcome of <c>train</c> and <c>export</c>: the gate table, where the reports went,
/// and the exported version (or why nothing was exported); maps it to the exit code.
/// </summary>
internal static class PipelineOutput
{
    public static ExitCode Render(CliContext ctx, TrainingPipelineResult result, bool json, bool quiet, bool terminal)
    {
        if (!quiet || !result.GatesPassed)
        {
            GateTableRenderer.Render(ctx.Err, result.Evaluation, terminal);
        }

        if (json)
        {
            ctx.Out.Write(CanonicalJson.ToText(result.ToJson()));
        }

        if (!result.GatesPassed)
        {
            string failed = string.Join(", ", result.Evaluation.Gates.Failed.Select(g => g.Name));
            ctx.Err.WriteLine($"error: release gates failed ({failed}); nothing was exported. Reports: {result.Reports.TextReport}");
            return ExitCode.GatesFailed;
        }

        var export = result.Export!;
        if (!json)
        {
            ctx.Out.WriteLine($"exported {export.Version}: {export.VersionDir}");
            ctx.Out.WriteLine($"root {export.Root}{(export.Signature is null ? " (unsigned: pass --signing-key to sign)" : $" signed ({export.Signature.Algorithm})")}");
            ctx.Out.WriteLine($"reports: {result.Reports.TextReport}, {result.Reports.HtmlReport}");
        }

        return ExitCode.Ok;
    }
}
