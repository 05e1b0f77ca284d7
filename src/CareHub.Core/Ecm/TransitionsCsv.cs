using System.Globalization;
using System.Text;
using CareHub.Common;
using CareHub.Exchange;

namespace CareHub.Ecm;

/// <summary>One admission or discharge from a facility feed, as read from the file.</summary>
public sealed record TransitionRow(int Line, string MemberRef, string Kind, DateOnly EventDate, string Facility, string? FacilityType, string? Diagnosis);

/// <summary>The rows of a good file, or what is wrong: <see cref="Errors"/> one sentence per line for people,
/// <see cref="Problems"/> each problem with its line and column.</summary>
public sealed record TransitionsParseResult(IReadOnlyList<TransitionRow> Rows, IReadOnlyList<CsvProblem> Problems)
{
    public bool Ok => Problems.Count == 0;

    public IReadOnlyList<string> Errors => TransitionsCsv.Sentences(Problems);
}

/// <summary>
/// Reads a CSV of admit/discharge events. Columns are found by header name (any order, any case; extra columns
/// are ignored): <c>member_id</c> (the plan's member id or the CIN), <c>event</c> (<c>admit</c> or
/// <c>discharge</c>), <c>event_date</c> (yyyy-MM-dd), <c>facility</c>, and optionally <c>facility_type</c> and
/// <c>diagnosis</c>. Every problem is reported with its line and column; a file with any problem imports nothing.
/// </summary>
public static class TransitionsCsv
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["member_id", "event", "event_date", "facility"];
    public static readonly IReadOnlyList<string> OptionalColumns = ["facility_type", "diagnosis"];
    public const int MaxRows = 50_000;

    public static TransitionsParseResult Parse(string text)
    {
        var errors = new List<CsvProblem>();
        var rows = new List<TransitionRow>();
        var records = ReadRecords(text).ToList();
        if (records.Count == 0 || records[0].Fields.All(string.IsNullOrWhiteSpace))
        {
            return new TransitionsParseResult([], [new CsvProblem(0, "", "The file is empty: the first line must name the columns (" + string.Join(", ", RequiredColumns) + ").")]);
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            if (!index.TryAdd(header[i], i) && (RequiredColumns.Contains(header[i]) || OptionalColumns.Contains(header[i])))
            {
                errors.Add(new CsvProblem(1, header[i], $"the column \"{header[i]}\" appears twice."));
            }
        }

        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new CsvProblem(1, string.Join(", ", missing),
                $"missing column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"\"{m}\""))} (the header has {string.Join(", ", header.Select(h => $"\"{h}\""))})."));
        }

        if (errors.Count > 0)
        {
            return new TransitionsParseResult([], errors);
        }

        if (records.Count - 1 > MaxRows)
        {
            return new TransitionsParseResult([], [new CsvProblem(0, "", $"The file has {records.Count - 1:N0} rows; import at most {MaxRows:N0} at a time.")]);
        }

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string? Get(string column) => index.TryGetValue(column, out var i) && i < fields.Count && !string.IsNullOrWhiteSpace(fields[i]) ? fields[i].Trim() : null;
            var rowErrors = new List<CsvProblem>();
            void Problem(string column, string reason) => rowErrors.Add(new CsvProblem(line, column, $"{column} {reason}"));
            var member = Get("member_id");
            if (member is null) { Problem("member_id", "is empty"); }

            var kind = Get("event")?.ToLowerInvariant();
            if (kind is null) { Problem("event", "is empty (admit or discharge)"); }
            else if (kind is not ("admit" or "discharge")) { Problem("event", $"\"{Get("event")}\" is not admit or discharge"); }

            var dateText = Get("event_date");
            DateOnly date = default;
            if (dateText is null) { Problem("event_date", "is empty (yyyy-MM-dd)"); }
            else if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) { Problem("event_date", $"\"{dateText}\" is not a date (yyyy-MM-dd)"); }
            else if (InputRules.DateProblem(date) is { } dateProblem) { Problem("event_date", dateProblem.TrimEnd('.')); }

            var facility = Get("facility");
            if (facility is null) { Problem("facility", "is empty"); }
            else if (facility.Length > 200) { Problem("facility", "is longer than 200 characters"); }

            foreach (var column in (string[])["member_id", "facility_type", "diagnosis"])
            {
                if (Get(column) is { Length: > 200 }) { Problem(column, "is longer than 200 characters"); }
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            rows.Add(new TransitionRow(line, member!, kind!, date, facility!, Get("facility_type"), Get("diagnosis")));
        }

        if (errors.Count == 0 && rows.Count == 0)
        {
            errors.Add(new CsvProblem(0, "", "The file has a header but no rows."));
        }

        return new TransitionsParseResult(errors.Count == 0 ? rows : [], errors);
    }

    /// <summary>The problems as sentences, one per line of the file ("Line 3: event ... ; facility is empty."); a
    /// problem of the whole file (line 0) as it is.</summary>
    public static IReadOnlyList<string> Sentences(IEnumerable<CsvProblem> problems) =>
    [
        .. problems.GroupBy(p => p.Line).SelectMany(g => g.Key <= 0
            ? g.Select(p => p.Reason)
            : [$"Line {g.Key}: {string.Join("; ", g.Select(p => p.Reason.TrimEnd('.')))}."]),
    ];

    /// <summary>RFC 4180 records with the line each starts on (quoted fields may hold commas, quotes and newlines).</summary>
    private static IEnumerable<(int Line, List<string> Fields)> ReadRecords(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i == 0 && c == '\uFEFF')
            {
                continue;
            }

            any = true;
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else { quoted = false; }
                }
                else
                {
                    if (c == '\n') { line++; }
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"': quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    yield return (start, fields);
                    fields = [];
                    line++;
                    start = line;
                    any = false;
                    break;
                default: field.Append(c); break;
            }
        }

        if (any || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
