using System.Globalization;
using System.Text;

namespace CareHub.Reporting;

/// <summary>The outcomes CSV: one row per group with a fixed header. Member-months, rates and changes have two
/// decimals; a rate or change that cannot be computed is empty.</summary>
public static class OutcomeCsv
{
    public const string Header =
        "group,members,ed_visits_before,ed_visits_after,admissions_before,admissions_after,member_months_before,member_months_after,"
        + "ed_per_1000_mm_before,ed_per_1000_mm_after,ed_change_pct,admissions_per_1000_mm_before,admissions_per_1000_mm_after,admissions_change_pct";

    /// <summary>What every outcomes report says about itself.</summary>
    public const string NotRandomized =
        "This is not a randomized comparison: members chose or were chosen for the program, so differences between the groups "
        + "may come from who they are (and from regression to the mean), not from the program.";

    public static string Row(OutcomeSummary s) => string.Join(',',
        Csv.Field(s.Group), Num(s.Members), Num(s.EdVisitsBefore), Num(s.EdVisitsAfter), Num(s.AdmissionsBefore), Num(s.AdmissionsAfter),
        Dec(s.MemberMonthsBefore), Dec(s.MemberMonthsAfter), Dec(s.EdPer1000MmBefore), Dec(s.EdPer1000MmAfter), Dec(s.EdChangePct),
        Dec(s.AdmissionsPer1000MmBefore), Dec(s.AdmissionsPer1000MmAfter), Dec(s.AdmissionsChangePct));

    public static void Write(TextWriter writer, IEnumerable<OutcomeSummary> rows)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (var row in rows)
        {
            writer.Write(Row(row));
            writer.Write('\n');
        }
    }

    public static string ToText(IEnumerable<OutcomeSummary> rows)
    {
        var sb = new StringBuilder();
        using var writer = new StringWriter(sb, CultureInfo.InvariantCulture);
        Write(writer, rows);
        return sb.ToString();
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Two decimals, invariant culture; empty when unknown.</summary>
    public static string Dec(double? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture) : "";
}

/// <summary>CSV field quoting (RFC 4180) that also keeps spreadsheet formulas from running.</summary>
public static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
