using System.Text;

namespace CareHub.Exchange;

/// <summary>One CSV record with the 1-based line number it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>A problem in a CSV file: line, column (the header's name) and reason.</summary>
public sealed record CsvProblem(int Line, string Column, string Reason);

/// <summary>
/// Small RFC 4180 CSV reading and writing for the exchange files: comma separated, fields quoted with <c>"</c> when
/// they hold a comma, quote or line break, a doubled quote inside quotes, CRLF or LF line ends, an optional UTF-8 BOM.
/// </summary>
public static class CsvText
{
    public static (IReadOnlyList<CsvRecord> Records, CsvProblem? Problem) Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var fieldStarted = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case '"':
                    return (records, new CsvProblem(line, $"field {fields.Count + 1}", "a quote inside an unquoted field; quote the whole field and double the quote."));
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    if (fields.Count > 1 || fields[0].Length > 0)
                    {
                        records.Add(new CsvRecord(recordLine, fields.ToArray()));
                    }

                    fields.Clear();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (quoted)
        {
            return (records, new CsvProblem(recordLine, $"field {fields.Count + 1}", "a quoted field is not closed."));
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, fields.ToArray()));
        }

        return (records, null);
    }

    /// <summary>One CSV line (with a trailing LF) of the values, quoted where needed.</summary>
    public static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(Quote)) + "\n";

    public static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
        var safe = value.Length > 0 && value[0] is '=' or '+' or '@' || (value[0] == '-' && !decimal.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
            ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}
