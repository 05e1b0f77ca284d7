using CareHub.Reporting;
using ScottPlot;

namespace CareHub.Web.Features.Reporting;

/// <summary>Charts drawn on the server as SVG (ScottPlot), served by the app itself and shown as images, so pages
/// need no script and no outside call.</summary>
public static class ReportCharts
{
    private static readonly Color[] Palette = [Color.FromHex("#0f766e"), Color.FromHex("#f59e0b"), Color.FromHex("#b91c1c"), Color.FromHex("#2563eb"), Color.FromHex("#7c3aed")];

    public const int Width = 900;
    public const int Height = 340;

    /// <summary>The quarter's ECM funnel: each figure summed over Populations of Focus and counties.</summary>
    public static string EcmFunnel(EcmReport r) =>
        Bars($"ECM, {r.Period}: members at each step", "members (sum of rows)",
            [.. ReportMeasures.Ecm.Select(m => (m.Label, (double)r.Rows.Sum(x => x.Get(m.Code))))]);

    /// <summary>Referrals, authorizations, denials and members served per Community Support.</summary>
    public static string CommunitySupports(CsReport r)
    {
        var services = r.Rows.Select(x => x.CommunitySupport).Distinct().ToList();
        var measures = new[] { "referrals", "authorized", "denied", "served" };
        return Grouped($"Community Supports, {r.Period}", "referrals / members", services,
            [.. measures.Select(m => (ReportMeasures.Label(m), services.Select(s => (double)r.Rows.Where(x => x.CommunitySupport == s).Sum(x => x.Get(m))).ToArray()))]);
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
            ]);

    private static string Bars(string title, string yLabel, IReadOnlyList<(string Label, double Value)> values)
    {
        var plot = new Plot();
        var bars = values.Select((v, i) => new Bar { Position = i, Value = v.Value, FillColor = Palette[0], Label = v.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. values.Select((_, i) => (double)i)], [.. values.Select(v => v.Label)]);
        return Finish(plot, title, yLabel);
    }

    private static string Grouped(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Series, double[] Values)> series)
    {
        var plot = new Plot();
        var width = series.Count + 1;
        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var bars = categories.Select((_, c) => new Bar { Position = (c * width) + s, Value = series[s].Values[c], FillColor = color }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Series, FillColor = color });
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. categories.Select((_, c) => (c * width) + ((series.Count - 1) / 2.0))], [.. categories]);
        plot.ShowLegend(Alignment.UpperRight);
        return Finish(plot, title, yLabel);
    }

    private static string Finish(Plot plot, string title, string yLabel)
    {
        plot.Title(title, size: 15);
        plot.YLabel(yLabel, size: 12);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        return plot.GetSvgXml(Width, Height);
    }
}
