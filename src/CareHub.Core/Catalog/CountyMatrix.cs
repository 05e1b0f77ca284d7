using System.Text;

namespace CareHub.Catalog;

/// <summary>
/// The county committee's table: for one county as of a date, each plan (rows) against each Community Support in
/// the catalog then (columns), with the offering's start date. Build it with <see cref="Build"/>.
/// </summary>
public sealed record CountyMatrix(string County, DateOnly AsOf, IReadOnlyList<CommunitySupportAsOf> Services, IReadOnlyList<CountyMatrixRow> Rows)
{
    /// <summary>
    /// Builds the matrix. Rows are the plans in <paramref name="planNames"/> plus any other plan with an offering in
    /// the county, ordered by name. A cell shows the offering in effect on <paramref name="asOf"/>, or else the next one
    /// scheduled to start after it; offerings that ended before <paramref name="asOf"/> are not shown.
    /// </summary>
    public static CountyMatrix Build(
        ProgramCatalog catalog,
        string county,
        DateOnly asOf,
        IEnumerable<PlanOffering> offerings,
        IReadOnlyDictionary<Guid, string> planNames)
    {
        var services = catalog.CommunitySupportsAsOf(asOf);
        var inCounty = offerings
            .Where(o => string.Equals(o.County.Trim(), county.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(o => o.End is null || o.End >= asOf)
            .ToList();
        var planIds = planNames.Keys.Concat(inCounty.Select(o => o.PlanId)).Distinct();
        var rows = planIds
            .Select(id => new CountyMatrixRow(
                id,
                planNames.GetValueOrDefault(id) ?? id.ToString(),
                [.. services.Select(s => Cell(s.Code, inCounty.Where(o => o.PlanId == id), asOf))]))
            .OrderBy(r => r.PlanName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.PlanId)
            .ToList();
        return new CountyMatrix(county.Trim(), asOf, services, rows);
    }

    private static CountyMatrixCell Cell(string serviceCode, IEnumerable<PlanOffering> planOfferings, DateOnly asOf)
    {
        var forService = planOfferings
            .Where(o => string.Equals(o.CommunitySupportCode.Trim(), serviceCode, StringComparison.OrdinalIgnoreCase))
            .OrderBy(o => o.Start)
            .ToList();
        var current = forService.FirstOrDefault(o => o.Covers(asOf));
        var next = forService.FirstOrDefault(o => o.Start > asOf);
        return new CountyMatrixCell(serviceCode, current ?? next, current is not null);
    }

    /// <summary>
    /// CSV with a header row (<c>Plan</c>, then each service's name) and one row per plan. A cell holds the start date
    /// (YYYY-MM-DD), followed by <c>to</c> and the end date when the offering has one; empty when not offered.
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        AppendLine(csv, ["Plan", .. Services.Select(s => s.Name)]);
        foreach (var row in Rows)
        {
            AppendLine(csv, [row.PlanName, .. row.Cells.Select(c => c.Text)]);
        }

        return csv.ToString();
    }

    private static void AppendLine(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Escape));
        csv.Append("\r\n");
    }

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}

/// <summary>One plan's row: one cell per column of <see cref="CountyMatrix.Services"/>, in the same order.</summary>
public sealed record CountyMatrixRow(Guid PlanId, string PlanName, IReadOnlyList<CountyMatrixCell> Cells);

/// <summary>
/// One plan × service cell. <see cref="Offering"/> is the offering in effect on the matrix date
/// (<see cref="InEffect"/> true), the next scheduled one (false), or null when the plan does not offer the service.
/// </summary>
public sealed record CountyMatrixCell(string CommunitySupportCode, PlanOffering? Offering, bool InEffect)
{
    /// <summary>"2022-01-01", "2022-01-01 to 2024-12-31", or empty.</summary>
    public string Text => Offering is null
        ? ""
        : Offering.End is { } end
            ? $"{JsonFieldReader.Date(Offering.Start)} to {JsonFieldReader.Date(end)}"
            : JsonFieldReader.Date(Offering.Start);
}
