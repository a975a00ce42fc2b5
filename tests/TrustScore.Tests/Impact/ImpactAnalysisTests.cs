using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrustScore.Data;
using TrustScore.Governance;
using TrustScore.Impact;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Impact;

/// <summary>
/// <c>trustscore diff</c> on versions whose scores are known by hand (constant models: 50, 73,
/// 88 for every record) and a synthetic dataset whose groups are counted here from its file.
/// </summary>
public sealed class ImpactAnalysisTests : IDisposable
{
    private const int Samples = 120;
    private readonly TempDirectory temp = new("impact");
    private readonly string dataset;
    private readonly List<JsonObject> records;

    public ImpactAnalysisTests()
    {
        dataset = temp.Combine("data");
        SyntheticDataset.Generate(dataset, Samples, 7, SyntheticFormat.Jsonl);
        records = [.. Directory.GetFiles(dataset, "*.jsonl").SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    public void Dispose() => temp.Dispose();

    private ImpactReport Diff(float fromLogit, float toLogit, ChainProfile? chain = null) => ImpactAnalysis.Run(new ImpactOptions
    {
        FromDir = ConstantScoreVersion.Write(temp.Combine("from-" + fromLogit), "v1", fromLogit),
        ToDir = ConstantScoreVersion.Write(temp.Combine("to-" + toLogit), "v2", toLogit),
        DatasetPath = dataset,
        Chain = chain ?? ChainProfile.VirtEngineMainnet,
    });

    private Dictionary<string, int> CountBy(Func<JsonObject, string> key) =>
        records.GroupBy(key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    [Fact]
    public void EveryScoreMovesFrom50To73_OneHistogramBar()
    {
        ImpactReport report = Diff(0f, 1f);

        Assert.Equal(records.Count, report.Records);
        Assert.Equal([(23, records.Count)], report.ChangeHistogram);
        Assert.Equal(records.Count, report.Changed);
        Assert.Equal(records.Count, report.Increased);
        Assert.Equal(0, report.Decreased);
        Assert.Equal(23.0, report.MeanAbsoluteChange, 9);
    }

    [Fact]
    public void From50To73_EveryoneCrossesStandardOnly_PerDocumentTypeAndPopulation()
    {
        ImpactReport report = Diff(0f, 1f);

        ThresholdImpact basic = report.Thresholds.Single(t => t.Name == "basic");
        ThresholdImpact standard = report.Thresholds.Single(t => t.Name == "standard");
        ThresholdImpact premium = report.Thresholds.Single(t => t.Name == "premium");
        Assert.Equal((records.Count, records.Count, 0, 0), (basic.PassingBefore, basic.PassingAfter, basic.CrossedUp, basic.CrossedDown));
        Assert.Equal((0, records.Count, records.Count, 0), (standard.PassingBefore, standard.PassingAfter, standard.CrossedUp, standard.CrossedDown));
        Assert.Equal((0, 0, 0, 0), (premium.PassingBefore, premium.PassingAfter, premium.CrossedUp, premium.CrossedDown));
        Assert.Equal(CountBy(r => (string)r["document_type"]!), standard.ByDocumentType.ToDictionary(g => g.Group, g => g.CrossedUp, StringComparer.Ordinal));
        Assert.Equal(CountBy(r => (bool)r["is_genuine"]! ? "genuine" : "fraud"), standard.ByPopulation.ToDictionary(g => g.Group, g => g.CrossedUp, StringComparer.Ordinal));
        Assert.All(standard.ByDocumentType, g => Assert.Equal(g.Records, g.CrossedUp));
    }

    [Fact]
    public void From88To50_EveryoneDropsBelowPremiumAndStandard()
    {
        ImpactReport report = Diff(2f, 0f);

        Assert.Equal([(-38, records.Count)], report.ChangeHistogram);
        Assert.Equal(records.Count, report.Thresholds.Single(t => t.Name == "premium").CrossedDown);
        Assert.Equal(records.Count, report.Thresholds.Single(t => t.Name == "standard").CrossedDown);
        Assert.Equal(0, report.Thresholds.Single(t => t.Name == "basic").CrossedDown);
    }

    [Fact]
    public void SameModel_NothingChanges()
    {
        ImpactReport report = Diff(1f, 1f);

        Assert.Equal([(0, records.Count)], report.ChangeHistogram);
        Assert.Equal(0, report.Changed);
        Assert.Empty(report.LargestChanges);
        Assert.All(report.Thresholds, t => Assert.Equal((0, 0), (t.CrossedUp, t.CrossedDown)));
        Assert.All(report.Metrics, m => Assert.Equal(0, m.Delta));
    }

    [Fact]
    public void ProfileThresholds_AreTheOnesReported()
    {
        var chain = ChainProfile.VirtEngineMainnet with { ScoreThresholds = [new ScoreThreshold("pass", 50), new ScoreThreshold("high_trust", 80)] };

        ImpactReport report = Diff(1f, 2f, chain);

        Assert.Equal(["pass", "high_trust"], report.Thresholds.Select(t => t.Name));
        Assert.Equal(records.Count, report.Thresholds.Single(t => t.Name == "high_trust").CrossedUp);
        Assert.Equal(0, report.Thresholds.Single(t => t.Name == "pass").CrossedUp);
    }

    [Fact]
    public void MetricDeltas_MatchHandComputedMae()
    {
        ImpactReport report = Diff(0f, 1f);

        double[] labels = [.. records.Select(r => (double)r["trust_score"]!)];
        double to = 100 / (1 + Math.Exp(-1));
        ImpactMetric mae = report.Metrics.Single(m => m.Name == "mae");
        Assert.Equal(labels.Average(l => Math.Abs(50 - l)), mae.From, 4);
        Assert.Equal(labels.Average(l => Math.Abs(to - l)), mae.To, 3);
        ImpactMetric mean = report.Metrics.Single(m => m.Name == "mean_prediction");
        Assert.Equal(to - 50, mean.Delta, 3);
    }

    [Fact]
    public void LargestChanges_TiesOrderedBySampleId()
    {
        ImpactReport report = Diff(0f, 1f);

        string[] expected = [.. records.Select(r => (string)r["sample_id"]!).Order(StringComparer.Ordinal).Take(20)];
        Assert.Equal(expected, report.LargestChanges.Select(c => c.SampleId));
        Assert.All(report.LargestChanges, c => Assert.Equal((50, 73), (c.FromScore, c.ToScore)));
    }

    [Fact]
    public void Writer_WritesCanonicalJsonTextAndSelfContainedHtml_Reproducibly()
    {
        ImpactReport report = Diff(0f, 1f);

        ImpactReportFiles first = ImpactReportWriter.Write(temp.Combine("out1"), report);
        ImpactReportFiles second = ImpactReportWriter.Write(temp.Combine("out2"), Diff(0f, 1f));

        byte[] json = File.ReadAllBytes(first.Json);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(json)), first.JsonSha256);
        Assert.Equal(first.JsonSha256, second.JsonSha256);
        JsonObject parsed = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("trustscore.impact/v1", (string?)parsed["schema"]);
        Assert.Equal(records.Count, (int)parsed["score_changes"]!["changed"]!);
        Assert.EndsWith("\n", File.ReadAllText(first.Json), StringComparison.Ordinal);
        string html = File.ReadAllText(first.HtmlReport);
        Assert.Contains("<svg class=\"chart\" id=\"chart-score-changes\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\" id=\"chart-threshold-crossings\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        string text = File.ReadAllText(first.TextReport);
        Assert.Contains($"Integer scores: {records.Count} changed", text, StringComparison.Ordinal);
        Assert.Contains("standard >= 70", text, StringComparison.Ordinal);
    }
}
