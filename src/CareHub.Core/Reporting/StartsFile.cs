using System.Globalization;

namespace CareHub.Reporting;

/// <summary>One row of a starts file: a member, the group label and the start date, with its line number.</summary>
public sealed record StartRow(long Line, string MemberId, string Group, DateOnly Start);

/// <summary>
/// Reads the starts file of an outcome comparison: the header <c>member_id,group,start_date</c>, then one row per
/// member and group. Any bad row stops the read with the line and column; nothing is returned then.
/// </summary>
public static class StartsFile
{
    public const string Header = "member_id,group,start_date";
    public const int MaxRows = 5_000_000;

    public sealed record Result(IReadOnlyList<StartRow> Rows, string? Error)
    {
        public bool Succeeded => Error is null;
    }

    public static Result Read(string path, DateOnly asOf)
    {
        if (!File.Exists(path))
        {
            return new Result([], $"{path}: file not found.");
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path), asOf);
    }

    public static Result Read(TextReader reader, string name, DateOnly asOf)
    {
        var header = reader.ReadLine();
        if (header is null)
        {
            return new Result([], $"{name}: the file is empty; expected the header {Header}.");
        }

        if (!string.Equals(header.Trim().TrimStart('\uFEFF'), Header, StringComparison.Ordinal))
        {
            return new Result([], $"{name} line 1: the header must be exactly {Header} (found {Show(header)}).");
        }

        var rows = new List<StartRow>();
        var seen = new HashSet<(string, string)>();
        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length != 3)
            {
                return Fail(name, line, null, $"expected 3 fields (member_id,group,start_date), found {fields.Length}.");
            }

            var member = fields[0].Trim().Trim('"');
            var group = fields[1].Trim().Trim('"');
            var dateText = fields[2].Trim().Trim('"');
            if (member.Length == 0)
            {
                return Fail(name, line, "member_id", "missing member id.");
            }

            if (group.Length == 0)
            {
                return Fail(name, line, "group", "missing group label.");
            }

            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                return Fail(name, line, "start_date", $"bad date {Show(dateText)} (expected YYYY-MM-DD).");
            }

            if (start > asOf)
            {
                return Fail(name, line, "start_date", $"{start:yyyy-MM-dd} is after --as-of {asOf:yyyy-MM-dd}; there is no after window yet.");
            }

            if (!seen.Add((member, group)))
            {
                return Fail(name, line, "member_id", $"member {Show(member)} is already in group {Show(group)}.");
            }

            if (rows.Count >= MaxRows)
            {
                return Fail(name, line, null, $"more than {MaxRows:N0} rows.");
            }

            rows.Add(new StartRow(line, member, group, start));
        }

        return new Result(rows, null);
    }

    private static Result Fail(string name, long line, string? column, string reason) =>
        new([], column is null ? $"{name} line {line}: {reason}" : $"{name} line {line}, column {column}: {reason}");

    private static string Show(string value) => value.Length > 40 ? $"'{value[..40]}...'" : $"'{value}'";
}
