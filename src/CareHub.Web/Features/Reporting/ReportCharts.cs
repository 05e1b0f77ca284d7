using CareHub.Reporting;
using ScottPlot;

namespace CareHub.Web.Features.Reporting;

/// <summary>Charts drawn on the server as SVG (ScottPlot), served by the app itself and shown as images, so pages
/// need no script and no outside call.</summary>
public static class ReportCharts
{
    private static readonly Color[] _palette = [Color.FromHex("#0f766e"), Color.FromHex("#f59e0b"), Color.FromHex("#b91c1c"), Color.FromHex("#2563eb"), Color.FromHex("#7c3aed")];

    public const int Width = 900;
    public const int Height = 340;

    /// <summary>The quarter's ECM funnel: each figure summed over Populations of Focus and counties, top to bottom.</summary>
    public static string EcmFunnel(EcmReport r) =>
        Grouped($"ECM, {r.Period}: members at each step (sum of rows)", "members", [.. ReportMeasures.Ecm.Select(m => m.Label)],
            [("Members", [.. ReportMeasures.Ecm.Select(m => (double)r.Rows.Sum(x => x.Get(m.Code)))])], horizontal: true, integers: true, legend: false);

    /// <summary>Referrals, authorizations, denials and members served per Community Support.</summary>
    public static string CommunitySupports(CsReport r)
    {
        var services = r.Rows.Select(x => x.CommunitySupport).Distinct().ToList();
        var measures = new[] { "referrals", "authorized", "denied", "served" };
        return Grouped($"Community Supports, {r.Period}", "referrals / members", services,
            [.. measures.Select(m => (ReportMeasures.Label(m), services.Select(s => (double)r.Rows.Where(x => x.CommunitySupport == s).Sum(x => x.Get(m))).ToArray()))],
            horizontal: true, integers: true, legend: true);
    }

    /// <summary>ED visits and admissions per 1,000 member-months before and after, program beside comparison.</summary>
    public static string Outcomes(OutcomesResult r) =>
        Grouped($"Per 1,000 member-months, 12 months before and after (as of {r.AsOf:yyyy-MM-dd}); not randomized", "per 1,000 member-months",
            ["ED visits", "Unplanned admissions"],
            [
                ($"{r.Program.Group}: before", [r.Program.EdPer1000MmBefore ?? 0, r.Program.AdmissionsPer1000MmBefore ?? 0]),
                ($"{r.Program.Group}: after", [r.Program.EdPer1000MmAfter ?? 0, r.Program.AdmissionsPer1000MmAfter ?? 0]),
                ("comparison: before", [r.Comparison.EdPer1000MmBefore ?? 0, r.Comparison.AdmissionsPer1000MmBefore ?? 0]),
                ("comparison: after", [r.Comparison.EdPer1000MmAfter ?? 0, r.Comparison.AdmissionsPer1000MmAfter ?? 0]),
            ], horizontal: false, integers: false, legend: true);

    /// <summary>Bars per category and series. Horizontal charts list the categories top to bottom and grow in height
    /// with them, so long names stay readable.</summary>
    private static string Grouped(string title, string valueLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Series, double[] Values)> series,
        bool horizontal, bool integers, bool legend)
    {
        var plot = new Plot();
        plot.Font.Set(Fonts.Sans);
        var width = series.Count + 1;
        var n = categories.Count;
        double Position(int c, int s) => horizontal ? ((n - 1 - c) * width) + (series.Count - 1 - s) : (c * width) + s;
        for (var s = 0; s < series.Count; s++)
        {
            var color = series.Count == 1 ? _palette[0] : _palette[s % _palette.Length];
            var bars = categories.Select((_, c) => new Bar
            {
                Position = Position(c, s),
                Value = series[s].Values[c],
                FillColor = color,
                Label = series[s].Values[c] > 0 ? series[s].Values[c].ToString(integers ? "N0" : "N1", System.Globalization.CultureInfo.InvariantCulture) : "",
            }).ToList();
            var plotted = plot.Add.Bars(bars);
            plotted.Horizontal = horizontal;
            plotted.ValueLabelStyle.FontSize = 11;
            if (legend)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Series, FillColor = color });
            }
        }

        double[] ticks = [.. categories.Select((_, c) => horizontal ? ((n - 1 - c) * width) + ((series.Count - 1) / 2.0) : (c * width) + ((series.Count - 1) / 2.0))];
        var categoryAxis = horizontal ? (IAxis)plot.Axes.Left : plot.Axes.Bottom;
        var valueAxis = horizontal ? (IAxis)plot.Axes.Bottom : plot.Axes.Left;
        categoryAxis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, [.. categories]);
        valueAxis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = integers };
        valueAxis.Label.Text = valueLabel;
        valueAxis.Label.FontSize = 12;
        if (legend)
        {
            plot.ShowLegend(horizontal ? Alignment.LowerRight : Alignment.UpperRight);
        }

        plot.Title(title, size: 15);
        if (horizontal)
        {
            plot.Axes.Margins(left: 0, right: 0.12);
            plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        }
        else
        {
            plot.Axes.Margins(bottom: 0, top: 0.15);
            plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        }

        var height = horizontal ? Math.Max(Height, 90 + (n * (series.Count + 1) * 14)) : Height;
        // Text is drawn in the browser's sans-serif font, whatever font the server measured with.
        return System.Text.RegularExpressions.Regex.Replace(plot.GetSvgXml(Width, height), "font-family=\"[^\"]*\"", "font-family=\"DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif\"");
    }
}
