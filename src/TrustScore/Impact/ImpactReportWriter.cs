using System.Security.Cryptography;
using TrustScore.IO;

namespace TrustScore.Impact;

/// <summary>Writes impact_report.txt, impact_report.json and impact_report.html, each atomically.</summary>
public static class ImpactReportWriter
{
    /// <summary>File name of the text report.</summary>
    public const string TextFileName = "impact_report.txt";

    /// <summary>File name of the canonical JSON report (its digest is what <c>proposal create --impact</c> links).</summary>
    public const string JsonFileName = "impact_report.json";

    /// <summary>File name of the HTML page.</summary>
    public const string HtmlFileName = "impact_report.html";

    /// <summary>Writes the three files into <paramref name="outputDir"/> (created if missing), JSON last.</summary>
    public static ImpactReportFiles Write(string outputDir, ImpactReport report)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDir);
        ArgumentNullException.ThrowIfNull(report);
        byte[] json = CanonicalJson.ToUtf8Bytes(report.ToJson());
        Directory.CreateDirectory(outputDir);
        var files = new ImpactReportFiles(
            Path.Combine(outputDir, TextFileName),
            Path.Combine(outputDir, JsonFileName),
            Path.Combine(outputDir, HtmlFileName),
            Convert.ToHexStringLower(SHA256.HashData(json)));
        AtomicFile.WriteAllText(files.TextReport, ImpactTextReport.Build(report));
        AtomicFile.WriteAllText(files.HtmlReport, ImpactHtmlReport.Build(report));
        AtomicFile.WriteAllBytes(files.Json, json);
        return files;
    }
}
