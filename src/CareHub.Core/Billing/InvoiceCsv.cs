using System.Globalization;
using CareHub.Exchange;

namespace CareHub.Billing;

/// <summary>
/// The invoice CSV template (layout version 1): a header row, then one row per line:
/// <c>invoiceNumber,referralId,memberCin,from,to,units,amount</c>. Every row carries the same invoice number; dates
/// are YYYY-MM-DD; <c>memberCin</c> may be empty. Column order may vary; names are matched ignoring case.
/// </summary>
public static class InvoiceCsv
{
    public const int LayoutVersion = 1;

    public static readonly IReadOnlyList<string> Columns = ["invoiceNumber", "referralId", "memberCin", "from", "to", "units", "amount"];

    /// <summary>The downloadable template: the header and one example row.</summary>
    public static string Template =>
        CsvText.Line(Columns) + CsvText.Line(["INV-2025-001", "00000000-0000-0000-0000-000000000000", "", "2025-03-03", "2025-03-09", "14", "210.00"]);

    public sealed record Parsed(string InvoiceNumber, IReadOnlyList<InvoiceLineInput> Lines);

    /// <summary>Reads the file; a problem in the layout (missing column, two invoice numbers, unreadable date or
    /// number) names the line and column and rejects the file. Checks against the authorization come later, per line.</summary>
    public static (Parsed? Invoice, CsvProblem? Problem) Parse(string text)
    {
        var (records, problem) = CsvText.Parse(text);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (records.Count == 0)
        {
            return (null, new CsvProblem(1, "invoiceNumber", "the file is empty; download the template for the layout."));
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in Columns)
        {
            var i = header.FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
            if (i < 0 && column != "memberCin")
            {
                return (null, new CsvProblem(1, column, $"the header has no '{column}' column; the template's columns are {string.Join(",", Columns)}."));
            }

            index[column] = i;
        }

        if (records.Count - 1 > InvoiceChecks.MaxLines)
        {
            return (null, new CsvProblem(records[InvoiceChecks.MaxLines + 1].Line, "invoiceNumber", $"an invoice has at most {InvoiceChecks.MaxLines} lines; split the file."));
        }

        string? number = null;
        var lines = new List<InvoiceLineInput>();
        foreach (var r in records.Skip(1))
        {
            string Get(string column) => index[column] is var i && i >= 0 && i < r.Fields.Count ? r.Fields[i].Trim() : "";
            var invoice = Get("invoiceNumber");
            if (invoice.Length == 0)
            {
                return (null, new CsvProblem(r.Line, "invoiceNumber", "the invoice number is empty."));
            }

            number ??= invoice;
            if (!string.Equals(number, invoice, StringComparison.Ordinal))
            {
                return (null, new CsvProblem(r.Line, "invoiceNumber", $"'{invoice}' differs from '{number}' on the first row; send one invoice per file."));
            }

            DateOnly? from = null, to = null;
            decimal? units = null, amount = null;
            foreach (var (column, set) in new (string, Action<string>)[]
            {
                ("from", v => from = DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("to", v => to = DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("units", v => units = decimal.Parse(v, NumberStyles.Number, CultureInfo.InvariantCulture)),
                ("amount", v => amount = decimal.Parse(v.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture)),
            })
            {
                var value = Get(column);
                if (value.Length == 0)
                {
                    continue;
                }

                try
                {
                    set(value);
                }
                catch (FormatException)
                {
                    return (null, new CsvProblem(r.Line, column, column is "from" or "to" ? $"'{value}' is not a date (YYYY-MM-DD)." : $"'{value}' is not a number."));
                }
                catch (OverflowException)
                {
                    return (null, new CsvProblem(r.Line, column, $"'{value}' is too large."));
                }
            }

            var member = Get("memberCin");
            lines.Add(new InvoiceLineInput(lines.Count + 1, Get("referralId"), from, to, units, amount, member.Length == 0 ? null : member));
        }

        return number is null
            ? (null, new CsvProblem(2, "invoiceNumber", "the file has a header but no lines."))
            : (new Parsed(number, lines), null);
    }
}
