using System.CommandLine;
using System.Text;
using CareHub.Billing;
using CareHub.Exchange;

namespace CareHub.Cli.Exchange;

/// <summary>
/// <c>carehub exchange check KIND FILE</c> (loading and writing files is <see cref="ExchangeTransfers"/>): checks an exchange file before it is sent or loaded, with the same readers
/// the web app uses, and prints every problem with its segment (X12) or line and column (CSV). Needs no database.
/// KIND is 837p, 835, 834, invoice, mif, rtf or otf. Progress goes to standard error for large files.
/// Exit codes: 0 the file is good, 1 it has problems, 2 bad arguments.
/// </summary>
internal static class ExchangeCommands
{
    public static readonly IReadOnlyList<string> Kinds = ["837p", "835", "834", "invoice", "mif", "rtf", "otf"];

    public static Command Create()
    {
        var exchange = new Command("exchange", "Billing and data exchange files: X12 837P, 835, 834 and the CSV invoice, MIF, RTF and OTF.");
        var check = new Command("check", "Check a file and print what it holds or every problem in it.");
        var kind = new Argument<string>("kind") { Description = string.Join(", ", Kinds) };
        var file = new Argument<FileInfo>("file") { Description = "The file to check." };
        check.Arguments.Add(kind);
        check.Arguments.Add(file);
        check.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var k = parse.GetValue(kind)!.ToLowerInvariant();
            var f = parse.GetValue(file)!;
            if (!Kinds.Contains(k))
            {
                await error.WriteLineAsync($"Unknown kind '{k}'; use one of {string.Join(", ", Kinds)}.");
                return 2;
            }

            if (!f.Exists)
            {
                await error.WriteLineAsync($"No file {f.FullName}.");
                return 2;
            }

            var text = await ReadWithProgressAsync(f, error, ct);
            var (summary, problems) = Check(k, text);
            foreach (var p in problems)
            {
                await output.WriteLineAsync(p);
            }

            await output.WriteLineAsync(problems.Count == 0 ? $"{f.Name}: {summary}" : $"{f.Name}: {problems.Count} problem(s); nothing in it would be applied.");
            return problems.Count == 0 ? 0 : 1;
        });
        exchange.Subcommands.Add(check);
        exchange.Subcommands.Add(ExchangeTransfers.Import());
        exchange.Subcommands.Add(ExchangeTransfers.Export());
        return exchange;
    }

    /// <summary>What the file holds, or its problems, one line each.</summary>
    internal static (string Summary, IReadOnlyList<string> Problems) Check(string kind, string text)
    {
        switch (kind)
        {
            case "837p":
                {
                    var (transactions, e) = Claim837.Read(text);
                    var claims = transactions.SelectMany(t => t.Providers).SelectMany(p => p.Claims).ToList();
                    return e is not null ? ("", [e.ToString()])
                        : ($"{transactions.Count} transaction set(s), {claims.Count} claim(s), {claims.Sum(c => c.Lines.Count)} line(s), total {X12Writer.Amount(claims.Sum(c => c.Total))}.", []);
                }

            case "835":
                {
                    var (r, e) = Remittance835.Read(text);
                    return r is null ? ("", [e!.ToString()])
                        : ($"{r.Claims.Count} claim payment(s), {r.Claims.Count(c => c.IsDenied)} denied, paid {X12Writer.Amount(r.TotalPaid)}.", []);
                }

            case "834":
                {
                    var (records, e) = Enrollment834.Read(text);
                    return e is not null ? ("", [e.ToString()])
                        : ($"{records.Count} member(s)" + string.Concat(records.GroupBy(r => MaintenanceTypes.Describe(r.MaintenanceType)).Select((g, i) => $"{(i == 0 ? ": " : ", ")}{g.Count()} {g.Key}")) + ".", []);
                }

            case "invoice":
                {
                    var (invoice, p) = InvoiceCsv.Parse(text);
                    return invoice is null ? ("", [Line(p!)]) : ($"invoice {invoice.InvoiceNumber}, {invoice.Lines.Count} line(s).", []);
                }

            case "mif":
                {
                    var (rows, problems) = MemberFiles.ReadMif(text);
                    return Csv(rows.Count, problems);
                }
            case "rtf":
                {
                    var (rows, problems) = MemberFiles.ReadRtf(text);
                    return Csv(rows.Count, problems);
                }

            default:
                {
                    var (rows, problems) = MemberFiles.ReadOtf(text);
                    return Csv(rows.Count, problems);
                }
        }
    }

    private static (string, IReadOnlyList<string>) Csv(int rows, IReadOnlyList<CsvProblem> problems) =>
        ($"{rows} row(s), layout version {MemberFiles.LayoutVersion}.", [.. problems.Select(Line)]);

    private static string Line(CsvProblem p) => $"line {p.Line}, column {p.Column}: {p.Reason}";

    /// <summary>Reads the file, reporting each tenth of a large file (over 8 MB) on standard error.</summary>
    internal static async Task<string> ReadWithProgressAsync(FileInfo file, TextWriter progress, CancellationToken ct)
    {
        const int Large = 8 * 1024 * 1024;
        await using var stream = file.OpenRead();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sb = new StringBuilder();
        var buffer = new char[1 << 16];
        var nextReport = file.Length / 10;
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            sb.Append(buffer, 0, read);
            if (file.Length > Large && stream.Position >= nextReport)
            {
                await progress.WriteLineAsync($"read {stream.Position * 100 / file.Length}% ({stream.Position / (1024 * 1024)} of {file.Length / (1024 * 1024)} MB)");
                nextReport += file.Length / 10;
            }
        }

        return sb.ToString();
    }
}
