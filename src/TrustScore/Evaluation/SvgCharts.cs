using System.Globalization;
using System.Net;
using System.Text;

namespace TrustScore.Evaluation;

/// <summary>
/// Inline SVG charts for evaluation_report.html: no scripts, no fonts, no external references,
/// so the report opens offline and renders the same everywhere. Each chart is one
/// <c>&lt;svg class="chart" id="chart-…"&gt;</c> element.
/// </summary>
public static class SvgCharts
{
    /// <summary>Above this many samples the predicted-vs-actual chart is a hexbin, not a scatter.</summary>
    public const int ScatterLimit = 5000;

    private const double Width = 460, Height = 330, Left = 56, Right = 16, Top = 28, Bottom = 46;
    private const double PlotW = Width - Left - Right, PlotH = Height - Top - Bottom;

    /// <summary>Predicted (y) against actual (x), both 0–100, with the identity line.</summary>
    public static string PredictedVsActual(IReadOnlyList<float> predictions, IReadOnlyList<float> labels)
    {
        var sb = Open("chart-predicted-vs-actual", "Predicted vs actual");
        var x = new Axis(0, 100);
        var y = new Axis(0, 100);
        Axes(sb, x, y, "Actual score", "Predicted score", Ticks(0, 100, 20), Ticks(0, 100, 20));
        sb.Append(Fmt($"<line class=\"identity\" x1=\"{Px(x, 0)}\" y1=\"{Py(y, 0)}\" x2=\"{Px(x, 100)}\" y2=\"{Py(y, 100)}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>"));
        if (predictions.Count <= ScatterLimit)
        {
            sb.Append("<g class=\"points\" fill=\"#1f77b4\" fill-opacity=\"0.45\">");
            for (int i = 0; i < predictions.Count; i++)
            {
                sb.Append(Fmt($"<circle cx=\"{Px(x, Clamp(labels[i]))}\" cy=\"{Py(y, Clamp(predictions[i]))}\" r=\"2\"/>"));
            }

            sb.Append("</g>");
        }
        else
        {
            Hexbin(sb, predictions, labels, x, y);
        }

        return Close(sb);
    }

    /// <summary>Histogram of residuals (prediction − label), symmetric around 0.</summary>
    public static string ResidualHistogram(IReadOnlyList<float> predictions, IReadOnlyList<float> labels)
    {
        var sb = Open("chart-residuals", "Residuals (prediction − label)");
        double maxAbs = 1;
        for (int i = 0; i < predictions.Count; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs((double)predictions[i] - labels[i]));
        }

        double range = Math.Ceiling(maxAbs);
        const int binCount = 40;
        double width = 2 * range / binCount;
        var counts = new int[binCount];
        for (int i = 0; i < predictions.Count; i++)
        {
            double e = (double)predictions[i] - labels[i];
            counts[Math.Clamp((int)Math.Floor((e + range) / width), 0, binCount - 1)]++;
        }

        var x = new Axis(-range, range);
        var y = new Axis(0, Math.Max(1, counts.Max()) * 1.05);
        Axes(sb, x, y, "Residual (score points)", "Samples", Ticks(-range, range, NiceStep(2 * range)), Ticks(0, y.Max, NiceStep(y.Max)));
        sb.Append("<g class=\"bars\" fill=\"#2ca02c\">");
        for (int b = 0; b < binCount; b++)
        {
            double x0 = -range + (b * width);
            double top = Py(y, counts[b]);
            sb.Append(Fmt($"<rect x=\"{Px(x, x0)}\" y=\"{top}\" width=\"{Math.Max(0.5, Px(x, x0 + width) - Px(x, x0) - 1)}\" height=\"{Py(y, 0) - top}\"><title>{counts[b]}</title></rect>"));
        }

        sb.Append("</g>");
        sb.Append(Fmt($"<line x1=\"{Px(x, 0)}\" y1=\"{Py(y, 0)}\" x2=\"{Px(x, 0)}\" y2=\"{Py(y, y.Max)}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>"));
        return Close(sb);
    }

    /// <summary>Calibration curve: each non-empty bin's mean prediction against its mean label.</summary>
    public static string CalibrationCurve(Calibration calibration)
    {
        var sb = Open("chart-calibration", $"Calibration (ECE {ReportFormat.F4(calibration.ExpectedCalibrationError)})");
        var x = new Axis(0, 100);
        var y = new Axis(0, 100);
        Axes(sb, x, y, "Mean predicted score", "Mean actual score", Ticks(0, 100, 20), Ticks(0, 100, 20));
        sb.Append(Fmt($"<line class=\"identity\" x1=\"{Px(x, 0)}\" y1=\"{Py(y, 0)}\" x2=\"{Px(x, 100)}\" y2=\"{Py(y, 100)}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>"));
        var points = calibration.Bins.Where(b => b.Count > 0).ToArray();
        if (points.Length > 0)
        {
            sb.Append("<polyline class=\"curve\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"");
            sb.Append(string.Join(' ', points.Select(b => Fmt($"{Px(x, b.MeanPredicted)},{Py(y, b.MeanActual)}"))));
            sb.Append("\"/>");
            foreach (var b in points)
            {
                sb.Append(Fmt($"<circle cx=\"{Px(x, b.MeanPredicted)}\" cy=\"{Py(y, b.MeanActual)}\" r=\"3.5\" fill=\"#d62728\"><title>{b.Lower:0}-{b.Upper:0}: n={b.Count}</title></circle>"));
            }
        }

        return Close(sb);
    }

    /// <summary>Bars of MAE per document type, labelled with the sample count.</summary>
    public static string DocumentTypeBars(IReadOnlyList<GroupMetrics> groups)
    {
        var sb = Open("chart-document-types", "MAE by document type");
        double max = Math.Max(1, groups.Select(g => g.Metrics.Mae).DefaultIfEmpty(0).Max()) * 1.15;
        var x = new Axis(0, Math.Max(1, groups.Count));
        var y = new Axis(0, max);
        Axes(sb, x, y, "", "MAE (score points)", Array.Empty<double>(), Ticks(0, max, NiceStep(max)));
        if (groups.Count == 0)
        {
            sb.Append(Fmt($"<text x=\"{Left + (PlotW / 2)}\" y=\"{Top + (PlotH / 2)}\" text-anchor=\"middle\">no document types in the test set</text>"));
        }

        sb.Append("<g class=\"bars\" fill=\"#9467bd\">");
        for (int i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            double x0 = Px(x, i + 0.15), x1 = Px(x, i + 0.85), top = Py(y, g.Metrics.Mae);
            sb.Append(Fmt($"<rect x=\"{x0}\" y=\"{top}\" width=\"{x1 - x0}\" height=\"{Py(y, 0) - top}\"><title>{Esc(g.Group)}: MAE {ReportFormat.F4(g.Metrics.Mae)}, n={g.Metrics.NumSamples}</title></rect>"));
            sb.Append(Fmt($"<text x=\"{(x0 + x1) / 2}\" y=\"{top - 4}\" text-anchor=\"middle\" fill=\"#222\">{g.Metrics.Mae:0.00}</text>"));
            sb.Append(Fmt($"<text x=\"{(x0 + x1) / 2}\" y=\"{Py(y, 0) + 14}\" text-anchor=\"middle\" fill=\"#222\">{Esc(g.Group)}</text>"));
            sb.Append(Fmt($"<text x=\"{(x0 + x1) / 2}\" y=\"{Py(y, 0) + 27}\" text-anchor=\"middle\" fill=\"#666\">n={g.Metrics.NumSamples}</text>"));
        }

        sb.Append("</g>");
        return Close(sb);
    }

    /// <summary>Impact report: how many records' integer score changed by each amount (to − from).</summary>
    public static string ScoreChangeHistogram(IReadOnlyList<(int Delta, int Count)> histogram)
    {
        var sb = Open("chart-score-changes", "Integer score change (to − from)");
        int range = Math.Max(1, histogram.Select(h => Math.Abs(h.Delta)).DefaultIfEmpty(0).Max());
        var x = new Axis(-range - 0.5, range + 0.5);
        var y = new Axis(0, Math.Max(1, histogram.Select(h => h.Count).DefaultIfEmpty(0).Max()) * 1.05);
        Axes(sb, x, y, "Score change (points)", "Records", Ticks(-range, range, Math.Max(1, NiceStep(2 * range))), Ticks(0, y.Max, NiceStep(y.Max)));
        sb.Append("<g class=\"bars\">");
        foreach ((int delta, int count) in histogram)
        {
            double x0 = Px(x, delta - 0.4), x1 = Px(x, delta + 0.4), top = Py(y, count);
            string color = delta == 0 ? "#888" : delta > 0 ? "#2ca02c" : "#d62728";
            sb.Append(Fmt($"<rect x=\"{x0}\" y=\"{top}\" width=\"{Math.Max(0.5, x1 - x0)}\" height=\"{Py(y, 0) - top}\" fill=\"{color}\"><title>{delta:+0;-0;0}: {count}</title></rect>"));
        }

        sb.Append("</g>");
        return Close(sb);
    }

    /// <summary>Impact report: per decision threshold, identities that start passing (up) and stop passing (down).</summary>
    public static string ThresholdCrossings(IReadOnlyList<(string Name, int MinScore, int Up, int Down)> thresholds)
    {
        var sb = Open("chart-threshold-crossings", "Identities crossing each threshold");
        double max = Math.Max(1, thresholds.Select(t => Math.Max(t.Up, t.Down)).DefaultIfEmpty(0).Max()) * 1.15;
        var x = new Axis(0, Math.Max(1, thresholds.Count));
        var y = new Axis(0, max);
        Axes(sb, x, y, "", "Identities", Array.Empty<double>(), Ticks(0, max, NiceStep(max)));
        sb.Append("<g class=\"bars\">");
        for (int i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            double upX0 = Px(x, i + 0.12), upX1 = Px(x, i + 0.48), downX0 = Px(x, i + 0.52), downX1 = Px(x, i + 0.88);
            double upTop = Py(y, t.Up), downTop = Py(y, t.Down);
            sb.Append(Fmt($"<rect x=\"{upX0}\" y=\"{upTop}\" width=\"{upX1 - upX0}\" height=\"{Py(y, 0) - upTop}\" fill=\"#2ca02c\"><title>{Esc(t.Name)} (&gt;= {t.MinScore}): {t.Up} start passing</title></rect>"));
            sb.Append(Fmt($"<rect x=\"{downX0}\" y=\"{downTop}\" width=\"{downX1 - downX0}\" height=\"{Py(y, 0) - downTop}\" fill=\"#d62728\"><title>{Esc(t.Name)} (&gt;= {t.MinScore}): {t.Down} stop passing</title></rect>"));
            sb.Append(Fmt($"<text x=\"{(upX0 + upX1) / 2}\" y=\"{upTop - 4}\" text-anchor=\"middle\" fill=\"#222\">+{t.Up}</text>"));
            sb.Append(Fmt($"<text x=\"{(downX0 + downX1) / 2}\" y=\"{downTop - 4}\" text-anchor=\"middle\" fill=\"#222\">-{t.Down}</text>"));
            sb.Append(Fmt($"<text x=\"{(upX0 + downX1) / 2}\" y=\"{Py(y, 0) + 14}\" text-anchor=\"middle\" fill=\"#222\">{Esc(t.Name)} &gt;= {t.MinScore}</text>"));
        }

        sb.Append("</g>");
        return Close(sb);
    }

    /// <summary>Training and validation loss per epoch (log scale when the range is wide).</summary>
    public static string LossCurves(TrainingHistory? history)
    {
        var sb = Open("chart-loss", "Training and validation loss");
        var epochs = history?.Epochs ?? [];
        var values = epochs.SelectMany(e => new[] { e.Loss, e.ValLoss }).Where(v => v is > 0 && double.IsFinite(v.Value)).Select(v => v!.Value).ToArray();
        if (epochs.Count == 0 || values.Length == 0)
        {
            var emptyX = new Axis(0, 1);
            var emptyY = new Axis(0, 1);
            Axes(sb, emptyX, emptyY, "Epoch", "Loss", Array.Empty<double>(), Array.Empty<double>());
            sb.Append(Fmt($"<text x=\"{Left + (PlotW / 2)}\" y=\"{Top + (PlotH / 2)}\" text-anchor=\"middle\">no training history (training_history.json not given)</text>"));
            return Close(sb);
        }

        bool log = values.Max() / values.Min() > 20;
        Func<double, double> f = log ? Math.Log10 : v => v;
        double lo = f(values.Min()), hi = f(values.Max());
        if (hi - lo < 1e-12)
        {
            hi = lo + 1;
        }

        double firstEpoch = epochs.Min(e => e.Epoch), lastEpoch = Math.Max(firstEpoch + 1, epochs.Max(e => e.Epoch));
        var x = new Axis(firstEpoch, lastEpoch);
        var y = new Axis(lo - ((hi - lo) * 0.05), hi + ((hi - lo) * 0.05));
        var yTicks = log
            ? Ticks(Math.Ceiling(y.Min), Math.Floor(y.Max), 1).Select(t => (t, Fmt($"{Math.Round(Math.Pow(10, t), 6)}"))).ToArray()
            : Ticks(y.Min, y.Max, NiceStep(y.Max - y.Min)).Select(t => (t, Label(t))).ToArray();
        LabelledAxes(sb, x, y, "Epoch", log ? "Loss (MSE, log scale)" : "Loss (MSE)", Ticks(firstEpoch, lastEpoch, Math.Max(1, Math.Round(NiceStep(lastEpoch - firstEpoch)))).Select(t => (t, Label(t))).ToArray(), yTicks);
        Series(sb, "train-loss", "#1f77b4", epochs.Where(e => e.Loss is > 0).Select(e => (x: Px(x, e.Epoch), y: Py(y, f(e.Loss!.Value)))));
        Series(sb, "val-loss", "#ff7f0e", epochs.Where(e => e.ValLoss is > 0).Select(e => (x: Px(x, e.Epoch), y: Py(y, f(e.ValLoss!.Value)))));
        sb.Append(Fmt($"<g class=\"legend\"><rect x=\"{Width - Right - 150}\" y=\"{Top + 6}\" width=\"12\" height=\"3\" fill=\"#1f77b4\"/><text x=\"{Width - Right - 132}\" y=\"{Top + 11}\">training loss</text>"));
        sb.Append(Fmt($"<rect x=\"{Width - Right - 150}\" y=\"{Top + 22}\" width=\"12\" height=\"3\" fill=\"#ff7f0e\"/><text x=\"{Width - Right - 132}\" y=\"{Top + 27}\">validation loss</text></g>"));
        return Close(sb);
    }

    private static void Series(StringBuilder sb, string cls, string color, IEnumerable<(double x, double y)> points)
    {
        var list = points.ToArray();
        if (list.Length == 0)
        {
            return;
        }

        sb.Append(Fmt($"<polyline class=\"{cls}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\""));
        sb.Append(string.Join(' ', list.Select(p => Fmt($"{p.x},{p.y}"))));
        sb.Append("\"/>");
    }

    private static void Hexbin(StringBuilder sb, IReadOnlyList<float> predictions, IReadOnlyList<float> labels, Axis x, Axis y)
    {
        // Pointy-top hexagons on an axial grid in pixel space; colour by log count.
        const double r = 6;
        double sqrt3 = Math.Sqrt(3);
        var counts = new Dictionary<(int q, int r), int>();
        for (int i = 0; i < predictions.Count; i++)
        {
            double px = Px(x, Clamp(labels[i])) - Left, py = Py(y, Clamp(predictions[i])) - Top;
            double qf = ((sqrt3 / 3 * px) - (py / 3)) / r, rf = 2.0 / 3 * py / r;
            var cell = CubeRound(qf, rf);
            counts[cell] = counts.GetValueOrDefault(cell) + 1;
        }

        double maxLog = Math.Log(counts.Values.Max() + 1);
        // Cells on the edges would poke out of the plot: clip them to it (a same-document
        // reference, which the report's no-load content policy allows).
        sb.Append(Fmt($"<clipPath id=\"hexbin-clip\"><rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotW}\" height=\"{PlotH}\"/></clipPath>"));
        sb.Append("<g class=\"hexbin\" clip-path=\"url(#hexbin-clip)\">");
        foreach (var ((q, rr), count) in counts.OrderBy(c => c.Key.r).ThenBy(c => c.Key.q))
        {
            double cx = Left + (r * sqrt3 * (q + (rr / 2.0))), cy = Top + (r * 1.5 * rr);
            double t = Math.Log(count + 1) / maxLog;
            var corners = Enumerable.Range(0, 6).Select(k =>
            {
                double angle = Math.PI / 180 * ((60 * k) - 30);
                return Fmt($"{cx + (r * Math.Cos(angle))},{cy + (r * Math.Sin(angle))}");
            });
            string fill = Fmt($"rgb({(int)(222 - (191 * t))},{(int)(235 - (166 * t))},{(int)(247 - (99 * t))})");
            sb.Append(Fmt($"<polygon points=\"{string.Join(' ', corners)}\" fill=\"{fill}\"><title>{count}</title></polygon>"));
        }

        sb.Append("</g>");
    }

    private static (int q, int r) CubeRound(double qf, double rf)
    {
        double sf = -qf - rf;
        double q = Math.Round(qf), r = Math.Round(rf), s = Math.Round(sf);
        double dq = Math.Abs(q - qf), dr = Math.Abs(r - rf), ds = Math.Abs(s - sf);
        if (dq > dr && dq > ds)
        {
            q = -r - s;
        }
        else if (dr > ds)
        {
            r = -q - s;
        }

        return ((int)q, (int)r);
    }

    private static StringBuilder Open(string id, string title)
    {
        var sb = new StringBuilder();
        sb.Append(Fmt($"<svg class=\"chart\" id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Esc(title)}\">"));
        sb.Append(Fmt($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#fff\"/>"));
        sb.Append(Fmt($"<text class=\"title\" x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-weight=\"bold\">{Esc(title)}</text>"));
        return sb;
    }

    private static string Close(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static void Axes(StringBuilder sb, Axis x, Axis y, string xLabel, string yLabel, IReadOnlyList<double> xTicks, IReadOnlyList<double> yTicks) =>
        LabelledAxes(sb, x, y, xLabel, yLabel, xTicks.Select(t => (t, Label(t))).ToArray(), yTicks.Select(t => (t, Label(t))).ToArray());

    private static void LabelledAxes(StringBuilder sb, Axis x, Axis y, string xLabel, string yLabel, IReadOnlyList<(double at, string text)> xTicks, IReadOnlyList<(double at, string text)> yTicks)
    {
        sb.Append("<g class=\"axes\" stroke=\"#444\" fill=\"#333\">");
        sb.Append(Fmt($"<line x1=\"{Left}\" y1=\"{Top + PlotH}\" x2=\"{Left + PlotW}\" y2=\"{Top + PlotH}\"/>"));
        sb.Append(Fmt($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + PlotH}\"/>"));
        foreach (var (at, text) in xTicks)
        {
            double px = Px(x, at);
            sb.Append(Fmt($"<line x1=\"{px}\" y1=\"{Top + PlotH}\" x2=\"{px}\" y2=\"{Top + PlotH + 4}\"/><text x=\"{px}\" y=\"{Top + PlotH + 16}\" text-anchor=\"middle\" stroke=\"none\">{Esc(text)}</text>"));
        }

        foreach (var (at, text) in yTicks)
        {
            double py = Py(y, at);
            sb.Append(Fmt($"<line x1=\"{Left - 4}\" y1=\"{py}\" x2=\"{Left}\" y2=\"{py}\"/><line x1=\"{Left}\" y1=\"{py}\" x2=\"{Left + PlotW}\" y2=\"{py}\" stroke=\"#eee\"/><text x=\"{Left - 7}\" y=\"{py + 4}\" text-anchor=\"end\" stroke=\"none\">{Esc(text)}</text>"));
        }

        sb.Append(Fmt($"<text x=\"{Left + (PlotW / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\" stroke=\"none\">{Esc(xLabel)}</text>"));
        sb.Append(Fmt($"<text x=\"14\" y=\"{Top + (PlotH / 2)}\" text-anchor=\"middle\" stroke=\"none\" transform=\"rotate(-90 14 {Top + (PlotH / 2)})\">{Esc(yLabel)}</text>"));
        sb.Append("</g>");
    }

    private static double[] Ticks(double from, double to, double step)
    {
        if (!(step > 0) || to < from)
        {
            return [];
        }

        var ticks = new List<double>();
        for (double t = Math.Ceiling(from / step) * step; t <= to + (step * 1e-9) && ticks.Count < 50; t += step)
        {
            ticks.Add(Math.Round(t, 10));
        }

        return ticks.ToArray();
    }

    private static double NiceStep(double span)
    {
        if (!(span > 0))
        {
            return 1;
        }

        double raw = span / 5;
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double norm = raw / mag;
        return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    }

    private static string Label(double v) =>
        Math.Abs(v) >= 10_000 && v % 1000 == 0
            ? (v / 1000).ToString("0", CultureInfo.InvariantCulture) + "k"
            : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static double Clamp(float v) => Math.Clamp(v, 0, 100);

    private static double Px(Axis a, double v) => Math.Round(Left + ((v - a.Min) / (a.Max - a.Min) * PlotW), 2);

    private static double Py(Axis a, double v) => Math.Round(Top + PlotH - ((v - a.Min) / (a.Max - a.Min) * PlotH), 2);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Axis(double Min, double Max);
}
