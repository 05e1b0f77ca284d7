using System.Globalization;
using System.Text;
using CareHub.Reporting;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace CareHub.Web.Features.Reporting;

/// <summary>A report as tables: the main table first (the CSV), more tables as extra sheets of the XLSX.</summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>CSV and XLSX files of every report. The CSV holds the main table (notes, when a report has them, follow
/// after an empty line as <c>note,text</c> rows); the XLSX has a sheet per table and a Notes sheet.</summary>
public static class ReportExport
{
    public static ReportTable[] Tables(EcmReport r) =>
    [
        new("ECM", ["population", "county", .. ReportMeasures.Ecm.Select(m => m.Code)],
            [.. r.Rows.Select(x => (IReadOnlyList<object?>)[x.Population, x.County, .. ReportMeasures.Ecm.Select(m => (object?)x.Get(m.Code))])]),
        new("Disenrollment reasons", ["population", "reason", "members"], [.. r.DisenrolledByReason.Select(x => (IReadOnlyList<object?>)[x.Population, x.Reason, x.Members])]),
        new("ECM providers", ["provider", "npi", "providerType", "counties", "populationsServed", "capacity", "contracted", "assignedAtEnd", "enrolledAtEnd"],
            [.. r.Providers.Select(x => (IReadOnlyList<object?>)[x.Name, x.Npi, x.ProviderType, x.Counties, x.PopulationsServed, x.Capacity, x.Contracted, x.AssignedAtEnd, x.EnrolledAtEnd])]),
        new("ECM providers by type", ["providerType", "label", "providers", "capacity", "providersWithoutCapacity", "assignedAtEnd", "enrolledAtEnd"],
            [.. r.ProvidersByType.Select(x => (IReadOnlyList<object?>)[x.ProviderType, x.Label, x.Providers, x.Capacity, x.ProvidersWithoutCapacity, x.AssignedAtEnd, x.EnrolledAtEnd])]),
    ];

    public static ReportTable[] Tables(CsReport r) =>
    [
        new("Community Supports", ["communitySupport", "county", .. ReportMeasures.CommunitySupports.Select(m => m.Code)],
            [.. r.Rows.Select(x => (IReadOnlyList<object?>)[x.CommunitySupport, x.County, .. ReportMeasures.CommunitySupports.Select(m => (object?)x.Get(m.Code))])]),
        new("Denials by reason", ["communitySupport", "reason", "referrals"], [.. r.DenialsByReason.Select(x => (IReadOnlyList<object?>)[x.CommunitySupport, x.Reason, x.Referrals])]),
        new("Decision timeliness", ["clock", "clockHours", "decisions", "withinClock", "sharePct", "medianHours"],
            [.. r.Timeliness.Select(x => (IReadOnlyList<object?>)[x.Priority, x.Priority == "expedited" ? r.ExpeditedHours : r.RoutineHours, x.Decisions, x.WithinClock,
                Round(x.SharePct), Round(x.MedianHours)])]),
    ];

    public static ReportTable[] Tables(OutcomesResult r) =>
    [
        new("Outcomes", OutcomeCsv.Header.Split(','), [.. r.Groups.Select(g => (IReadOnlyList<object?>)[g.Group, g.Members, g.EdVisitsBefore, g.EdVisitsAfter,
            g.AdmissionsBefore, g.AdmissionsAfter, g.MemberMonthsBefore, g.MemberMonthsAfter, g.EdPer1000MmBefore, g.EdPer1000MmAfter, g.EdChangePct,
            g.AdmissionsPer1000MmBefore, g.AdmissionsPer1000MmAfter, g.AdmissionsChangePct])]),
    ];

    public static string Csv(ReportTable table, IEnumerable<string>? notes = null)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', table.Columns)).Append('\n');
        foreach (var row in table.Rows)
        {
            sb.Append(string.Join(',', row.Select(Cell))).Append('\n');
        }

        var list = notes?.ToList() ?? [];
        if (list.Count > 0)
        {
            sb.Append('\n');
            foreach (var note in list)
            {
                sb.Append("note,").Append(CareHub.Reporting.Csv.Field(note)).Append('\n');
            }
        }

        return sb.ToString();
    }

    public static byte[] Xlsx(IEnumerable<ReportTable> tables, IEnumerable<string> notes)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var t in tables)
        {
            sheets[t.Name] = t.Rows.Select(row => t.Columns.Select((c, i) => (c, v: row[i])).ToDictionary(x => x.c, x => x.v)).ToList();
        }

        sheets["Notes"] = notes.Select(n => new Dictionary<string, object?> { ["note"] = n }).ToList();
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets, excelType: MiniExcelLibs.ExcelType.XLSX);
        return stream.ToArray();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => CareHub.Reporting.Csv.Field(s),
        double d => OutcomeCsv.Dec(d),
        decimal m => m.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => CareHub.Reporting.Csv.Field(value.ToString()),
    };

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 1) : null;
}
