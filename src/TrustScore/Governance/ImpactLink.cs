using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Impact;

namespace TrustScore.Governance;

/// <summary>
/// The impact report a register proposal links (<c>proposal create --impact DIR</c>): the SHA-256
/// of <c>DIR/impact_report.json</c> as stored, and its headline numbers for the metadata.
/// </summary>
/// <param name="FileName">The report's file name.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its bytes.</param>
/// <param name="FromVersion">The version it compares against.</param>
/// <param name="Records">Records scored.</param>
/// <param name="Changed">Records whose integer score changes.</param>
/// <param name="Thresholds">Per threshold: name, min score, start passing, stop passing.</param>
public sealed record ImpactLink(string FileName, string Sha256, string FromVersion, int Records, int Changed, IReadOnlyList<(string Name, int MinScore, int Up, int Down)> Thresholds)
{
    /// <summary>Reads <c>impact_report.json</c> in <paramref name="dir"/> and checks that it is about the model proposed.</summary>
    /// <exception cref="BadInputException">Missing or malformed report, or one whose <c>to.root</c> is another model.</exception>
    public static ImpactLink Read(string dir, string proposedRootHex)
    {
        ArgumentNullException.ThrowIfNull(dir);
        string path = Path.Combine(dir, ImpactReportWriter.JsonFileName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"--impact '{dir}' holds no readable {ImpactReportWriter.JsonFileName} (write it with 'trustscore diff --out {dir}'): {ex.Message}", ex);
        }

        try
        {
            JsonObject root = StrictJson.ParseNode(bytes)?.AsObject() ?? throw new FormatException("not a JSON object");
            if ((string?)root["schema"] != ImpactReport.Schema)
            {
                throw new FormatException($"field 'schema' is not '{ImpactReport.Schema}'");
            }

            string toRoot = (string?)root["to"]?["root"] ?? throw new FormatException("field 'to.root' is missing");
            if (!Sha256Text.Same(toRoot, proposedRootHex))
            {
                throw new BadInputException($"{path}: the impact report is about model {toRoot}, not the proposed model sha256:{proposedRootHex}; run 'trustscore diff' with --to the proposed version.");
            }

            var thresholds = (root["thresholds"]?.AsArray() ?? throw new FormatException("field 'thresholds' is missing"))
                .Select(t => ((string)t!["name"]!, (int)t["min_score"]!, (int)t["crossed_up"]!, (int)t["crossed_down"]!))
                .ToList();
            return new ImpactLink(
                ImpactReportWriter.JsonFileName,
                Convert.ToHexStringLower(SHA256.HashData(bytes)),
                (string?)root["from"]?["version"] ?? throw new FormatException("field 'from.version' is missing"),
                (int?)root["dataset"]?["records"] ?? throw new FormatException("field 'dataset.records' is missing"),
                (int?)root["score_changes"]?["changed"] ?? throw new FormatException("field 'score_changes.changed' is missing"),
                thresholds);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new BadInputException($"{path} is not an impact report written by 'trustscore diff': {ex.Message}", ex);
        }
    }

    /// <summary>One line for the proposal metadata.</summary>
    public string Headline =>
        string.Create(CultureInfo.InvariantCulture, $"{Changed} of {Records} integer scores change against {FromVersion}; ") +
        string.Join(", ", Thresholds.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} >= {t.MinScore}: +{t.Up}/-{t.Down}")));
}
