using System.Globalization;
using CareHub.Ecm;

namespace CareHub.Exchange;

/// <summary>One row of the Member Information File a plan sends an ECM provider.</summary>
public sealed record MifRow(
    string PlanName,
    string MemberCin,
    string PlanMemberId,
    string LastName,
    string FirstName,
    DateOnly BirthDate,
    string Sex,
    string County,
    string? Address,
    string? City,
    string? Zip,
    string? Phone,
    string Language,
    string? PopulationOfFocus,
    DateOnly? EnrollmentStart,
    DateOnly? EnrollmentEnd,
    string EcmStatus,
    DateOnly? AssignedOn);

/// <summary>One row of the Return Transmission File an ECM provider sends its plan. The three closed-loop referral
/// elements (<see cref="ReferralStatus"/>, <see cref="ReferralStatusDate"/>, <see cref="LoopClosureReason"/>) are
/// reported from 2025-07-01.</summary>
public sealed record RtfRow(
    int Line,
    string MemberCin,
    string EcmStatus,
    DateOnly? EnrollmentStart,
    DateOnly? EnrollmentEnd,
    DateOnly? CarePlanDate,
    DateOnly? AssessmentDate,
    string? LeadCareManager,
    DateOnly? DiscontinuationDate,
    string? DiscontinuationReason,
    string? ReferralStatus,
    DateOnly? ReferralStatusDate,
    string? LoopClosureReason);

/// <summary>One row of the Outreach Tracker File: an outreach attempt and whether it reached the member.</summary>
public sealed record OtfRow(int Line, string MemberCin, DateOnly AttemptDate, string Method, bool Successful, int? Minutes);

/// <summary>
/// The CSV layouts of the member files exchanged with ECM providers, version 1 (documented in docs/exchange.md):
/// the MIF (plan → provider), the RTF and the OTF (provider → plan). Readers check every row and return every
/// problem with its line, column and reason; a file with any problem must not be applied (the rows read are returned
/// with the problems so the caller can add its own checks, such as which members the sender may report).
/// </summary>
public static class MemberFiles
{
    public const int LayoutVersion = 1;

    /// <summary>The first day the RTF carries the closed-loop referral elements.</summary>
    public static readonly DateOnly ClosedLoopFrom = new(2025, 7, 1);

    public const int MaxRows = 200_000;

    public static readonly IReadOnlyList<string> MifColumns =
    [
        "planName", "memberCin", "planMemberId", "lastName", "firstName", "birthDate", "sex", "county", "address", "city", "zip", "phone",
        "language", "populationOfFocus", "enrollmentStart", "enrollmentEnd", "ecmStatus", "assignedOn",
    ];

    public static readonly IReadOnlyList<string> RtfColumns =
    [
        "memberCin", "ecmStatus", "enrollmentStart", "enrollmentEnd", "carePlanDate", "assessmentDate", "leadCareManager",
        "discontinuationDate", "discontinuationReason", "referralStatus", "referralStatusDate", "loopClosureReason",
    ];

    public static readonly IReadOnlyList<string> OtfColumns = ["memberCin", "attemptDate", "method", "successful", "minutes"];

    /// <summary>Closed-loop referral statuses (CareHub's vocabulary; the DHCS list is not confirmed).</summary>
    public static readonly IReadOnlyList<string> ReferralStatuses = ["received", "accepted", "in-progress", "completed", "closed", "declined"];

    /// <summary>The statuses a provider reports on the RTF.</summary>
    public static readonly IReadOnlyList<string> RtfStatuses = [Ecm.EcmStatus.Outreach.ToCode(), Ecm.EcmStatus.Enrolled.ToCode(), Ecm.EcmStatus.Disenrolled.ToCode(), "declined", "unable-to-reach"];

    public static string WriteMif(IEnumerable<MifRow> rows)
    {
        var sb = new System.Text.StringBuilder(CsvText.Line(MifColumns));
        foreach (var r in rows)
        {
            sb.Append(CsvText.Line([r.PlanName, r.MemberCin, r.PlanMemberId, r.LastName, r.FirstName, D(r.BirthDate), r.Sex, r.County, r.Address, r.City, r.Zip,
                r.Phone, r.Language, r.PopulationOfFocus, D(r.EnrollmentStart), D(r.EnrollmentEnd), r.EcmStatus, D(r.AssignedOn)]));
        }

        return sb.ToString();
    }

    public static (IReadOnlyList<MifRow> Rows, IReadOnlyList<CsvProblem> Problems) ReadMif(string text) =>
        Read(text, MifColumns, MifColumns, row => new MifRow(row.Text("planName"), row.Required("memberCin"), row.Text("planMemberId"), row.Required("lastName"),
            row.Text("firstName"), row.Date("birthDate") ?? default, row.Text("sex"), row.Text("county"), row.Optional("address"), row.Optional("city"),
            row.Optional("zip"), row.Optional("phone"), row.Text("language"), row.Optional("populationOfFocus"), row.Date("enrollmentStart"),
            row.Date("enrollmentEnd"), row.Text("ecmStatus"), row.Date("assignedOn")));

    public static string WriteRtf(IEnumerable<RtfRow> rows)
    {
        var sb = new System.Text.StringBuilder(CsvText.Line(RtfColumns));
        foreach (var r in rows)
        {
            sb.Append(CsvText.Line([r.MemberCin, r.EcmStatus, D(r.EnrollmentStart), D(r.EnrollmentEnd), D(r.CarePlanDate), D(r.AssessmentDate), r.LeadCareManager,
                D(r.DiscontinuationDate), r.DiscontinuationReason, r.ReferralStatus, D(r.ReferralStatusDate), r.LoopClosureReason]));
        }

        return sb.ToString();
    }

    public static (IReadOnlyList<RtfRow> Rows, IReadOnlyList<CsvProblem> Problems) ReadRtf(string text) =>
        Read(text, RtfColumns, ["memberCin", "ecmStatus"], row =>
        {
            var status = row.OneOf("ecmStatus", RtfStatuses);
            var start = row.Date("enrollmentStart");
            var end = row.Date("enrollmentEnd");
            if (start is { } s && end is { } e && e < s)
            {
                row.Problem("enrollmentEnd", $"{D(e)} is before the enrollment start {D(s)}.");
            }

            if (status == Ecm.EcmStatus.Enrolled.ToCode() && row.Text("enrollmentStart").Length == 0)
            {
                row.Problem("enrollmentStart", "an enrolled member needs the enrollment start date.");
            }

            var discontinued = row.Date("discontinuationDate");
            var reason = row.Optional("discontinuationReason");
            if (discontinued is not null && reason is null)
            {
                row.Problem("discontinuationReason", "give the reason ECM was discontinued.");
            }

            if (status == Ecm.EcmStatus.Disenrolled.ToCode() && row.Text("discontinuationDate").Length == 0)
            {
                row.Problem("discontinuationDate", "a disenrolled member needs the discontinuation date.");
            }

            var referralStatus = row.Optional("referralStatus") is null ? null : row.OneOf("referralStatus", ReferralStatuses);
            var statusDate = row.Date("referralStatusDate");
            var closure = row.Optional("loopClosureReason");
            if (referralStatus is not null && statusDate is null)
            {
                row.Problem("referralStatusDate", "give the date of the referral status update.");
            }

            if (statusDate is { } sd && sd < ClosedLoopFrom)
            {
                row.Problem("referralStatusDate", $"closed-loop referral elements are reported from {D(ClosedLoopFrom)}; {D(sd)} is earlier.");
            }

            if (referralStatus is "completed" or "closed" or "declined" && closure is null)
            {
                row.Problem("loopClosureReason", $"a referral that is {referralStatus} needs the reason for loop closure.");
            }

            return new RtfRow(row.Line, row.Required("memberCin"), status ?? "", start, end, row.Date("carePlanDate"), row.Date("assessmentDate"),
                row.Optional("leadCareManager"), discontinued, reason, referralStatus, statusDate, closure);
        });

    public static string WriteOtf(IEnumerable<OtfRow> rows)
    {
        var sb = new System.Text.StringBuilder(CsvText.Line(OtfColumns));
        foreach (var r in rows)
        {
            sb.Append(CsvText.Line([r.MemberCin, D(r.AttemptDate), r.Method, r.Successful ? "Y" : "N", r.Minutes?.ToString(CultureInfo.InvariantCulture)]));
        }

        return sb.ToString();
    }

    public static (IReadOnlyList<OtfRow> Rows, IReadOnlyList<CsvProblem> Problems) ReadOtf(string text) =>
        Read(text, OtfColumns, ["memberCin", "attemptDate", "method", "successful"], row =>
        {
            var minutes = row.Optional("minutes") is { } m
                ? int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1440 ? n : row.Problem<int?>("minutes", $"'{m}' is not a number of minutes (0 to 1440).")
                : null;
            var successful = row.Text("successful").ToUpperInvariant() switch
            {
                "Y" or "YES" or "TRUE" or "1" => true,
                "N" or "NO" or "FALSE" or "0" => false,
                var other => row.Problem<bool>("successful", $"'{other}' is not Y or N."),
            };
            return new OtfRow(row.Line, row.Required("memberCin"), row.Date("attemptDate") ?? default, row.OneOf("method", OutreachModality.All) ?? "", successful, minutes);
        });

    private static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static (IReadOnlyList<T> Rows, IReadOnlyList<CsvProblem> Problems) Read<T>(string text, IReadOnlyList<string> columns, IReadOnlyList<string> required, Func<RowReader, T> map)
    {
        var (records, problem) = CsvText.Parse(text);
        if (problem is not null)
        {
            return ([], [problem]);
        }

        if (records.Count == 0)
        {
            return ([], [new CsvProblem(1, columns[0], "the file is empty; the first row must be the header.")]);
        }

        if (records.Count - 1 > MaxRows)
        {
            return ([], [new CsvProblem(records[MaxRows + 1].Line, columns[0], $"a file has at most {MaxRows:N0} rows; split it.")]);
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        var problems = new List<CsvProblem>();
        foreach (var c in required.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add(new CsvProblem(1, c, $"the header has no '{c}' column (layout version {LayoutVersion}: {string.Join(",", columns)})."));
        }

        foreach (var c in header.Where(h => !columns.Contains(h, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add(new CsvProblem(1, c, $"'{c}' is not a column of layout version {LayoutVersion}."));
        }

        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var index = columns.ToDictionary(c => c, c => header.FindIndex(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
        var rows = new List<T>();
        foreach (var r in records.Skip(1))
        {
            var reader = new RowReader(r, index, problems);
            rows.Add(map(reader));
        }

        return (rows, problems);
    }

    /// <summary>Reads the fields of one row by column name, collecting problems.</summary>
    private sealed class RowReader(CsvRecord record, IReadOnlyDictionary<string, int> index, List<CsvProblem> problems)
    {
        public int Line => record.Line;

        public string Text(string column) =>
            index.TryGetValue(column, out var i) && i >= 0 && i < record.Fields.Count ? record.Fields[i].Trim() : "";

        public string? Optional(string column) => Text(column) is { Length: > 0 } v ? (v.Length > 200 ? Problem<string?>(column, "at most 200 characters.") : v) : null;

        public string Required(string column) => Optional(column) ?? Problem<string>(column, "is required.") ?? "";

        public DateOnly? Date(string column)
        {
            var v = Text(column);
            if (v.Length == 0)
            {
                return null;
            }

            return DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : Problem<DateOnly?>(column, $"'{v}' is not a date (YYYY-MM-DD).");
        }

        public string? OneOf(string column, IReadOnlyList<string> values)
        {
            var v = Text(column);
            var found = values.FirstOrDefault(x => string.Equals(x, v, StringComparison.OrdinalIgnoreCase));
            return found ?? Problem<string?>(column, v.Length == 0 ? $"is required; one of {string.Join(", ", values)}." : $"'{v}' is not one of {string.Join(", ", values)}.");
        }

        public void Problem(string column, string reason) => problems.Add(new CsvProblem(Line, column, reason));

        public TValue Problem<TValue>(string column, string reason)
        {
            Problem(column, reason);
            return default!;
        }
    }
}
