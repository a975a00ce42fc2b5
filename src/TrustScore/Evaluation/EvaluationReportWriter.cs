using TrustScore.IO;

namespace TrustScore.Evaluation;

/// <summary>
/// Writes the evaluation reports of runbook §1.4/§2.2 into an output directory:
/// evaluation_report.txt, evaluation_metrics.json (canonical JSON) and the self-contained
/// evaluation_report.html. Every report is built in memory first and then written atomically,
/// so a failure never leaves a half-written file. Written whether or not the gates passed.
/// </summary>
public static class EvaluationReportWriter
{
    /// <summary>File name of the human-readable report.</summary>
    public const string TextFileName = "evaluation_report.txt";

    /// <summary>File name of the machine-readable metrics.</summary>
    public const string MetricsFileName = "evaluation_metrics.json";

    /// <summary>File name of the HTML report.</summary>
    public const string HtmlFileName = "evaluation_report.html";

    /// <summary>
    /// Writes the three reports of <paramref name="result"/> into <paramref name="outputDir"/>
    /// (created if missing). <paramref name="trainingHistoryJsonPath"/>, when given, supplies the
    /// loss curves; a missing or malformed history throws <see cref="Errors.BadInputException"/>
    /// before anything is written.
    /// </summary>
    public static EvaluationReportFiles Write(string outputDir, EvaluationResult result, string? trainingHistoryJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDir);
        ArgumentNullException.ThrowIfNull(result);
        var history = trainingHistoryJsonPath is null ? null : TrainingHistory.Load(trainingHistoryJsonPath);

        string text = TextReport.Build(result);
        byte[] json = CanonicalJson.ToUtf8Bytes(result.ToJson());
        string html = HtmlReport.Build(result, history);

        Directory.CreateDirectory(outputDir);
        var files = new EvaluationReportFiles(
            Path.Combine(outputDir, TextFileName),
            Path.Combine(outputDir, MetricsFileName),
            Path.Combine(outputDir, HtmlFileName));
        AtomicFile.WriteAllText(files.TextReport, text);
        AtomicFile.WriteAllBytes(files.MetricsJson, json);
        AtomicFile.WriteAllText(files.HtmlReport, html);
        return files;
    }
}
