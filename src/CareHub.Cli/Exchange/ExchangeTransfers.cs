using System.CommandLine;
using CareHub.Billing;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Exchange;
using CareHub.Web.Features.Billing;
using CareHub.Web.Features.Exchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Cli.Exchange;

/// <summary>
/// <c>carehub exchange import KIND FILE --organization ORG</c> and <c>carehub exchange export KIND --organization ORG</c>:
/// the web app's imports and exports for batch jobs. The command acts as the named organization, through the same
/// use cases as the JSON API (same checks, same audit entries, one transaction per file), so a file is applied whole
/// or not at all. Problems are printed as <c>FILE:LINE: column COLUMN: reason</c> (CSV) or
/// <c>FILE: segment N (SEGMENT): reason</c> (X12). Exit codes: 0 done, 1 the file was rejected and nothing was
/// applied, 2 bad arguments, 3 an invoice was saved with some lines rejected.
/// </summary>
internal static class ExchangeTransfers
{
    public static readonly IReadOnlyList<string> ImportKinds = ["834", "835", "invoice", "rtf", "otf"];
    public static readonly IReadOnlyList<string> ExportKinds = ["837p", "mif"];

    private static readonly Option<string> _organization = new("--organization")
    {
        Description = "The organization the file is for, by exact name or id: the plan (834, 835, mif, 837p), the ECM provider (rtf, otf) or the CBO (invoice, 837p).",
        Required = true,
    };

    public static Command Import()
    {
        var command = new Command("import", "Load a file into the database as the organization would through the web app: 834 enrollment, 835 remittance (plan), invoice CSV (CBO), RTF or OTF (ECM provider).");
        var kind = new Argument<string>("kind") { Description = string.Join(", ", ImportKinds) };
        var file = new Argument<FileInfo>("file") { Description = "The file to load." };
        command.Arguments.Add(kind);
        command.Arguments.Add(file);
        command.Options.Add(_organization);
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var k = parse.GetValue(kind)!.ToLowerInvariant();
            var f = parse.GetValue(file)!;
            if (!ImportKinds.Contains(k))
            {
                await error.WriteLineAsync($"Unknown kind '{k}'; import one of {string.Join(", ", ImportKinds)}.");
                return 2;
            }

            if (!f.Exists)
            {
                await error.WriteLineAsync($"No file {f.FullName}.");
                return 2;
            }

            var settings = CliDatabase.Resolve(parse);
            var (org, problem) = await FindOrganizationAsync(settings, parse.GetValue(_organization)!, Expected(k), ct);
            if (org is null)
            {
                await error.WriteLineAsync(problem);
                return 2;
            }

            var text = await ExchangeCommands.ReadWithProgressAsync(f, error, ct);
            await error.WriteLineAsync($"Loading {f.Name} as {org.Name} into {settings.Describe()}...");
            await using var services = BuildServices(settings, org);
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var (exit, lines) = k switch
            {
                "834" => Report(f.Name, await sp.GetRequiredService<ImportEnrollment>().HandleAsync(text, ct),
                    r => $"{r.Added} added, {r.Changed} changed, {r.Terminated} terminated, {r.Unchanged} unchanged."),
                "835" => Report(f.Name, await sp.GetRequiredService<ImportRemittance>().HandleAsync(text, ct),
                    r => $"{r.Paid} line(s) paid, {r.Denied} denied, {r.Adjusted} adjusted."),
                "invoice" => await InvoiceAsync(f.Name, text, sp.GetRequiredService<SubmitInvoice>(), ct),
                _ => MemberFile(f.Name, await sp.GetRequiredService<ImportMemberFile>().HandleAsync(k, text, ct)),
            };
            foreach (var line in lines)
            {
                await output.WriteLineAsync(line);
            }

            return exit;
        });
        return command;
    }

    public static Command Export()
    {
        var command = new Command("export", "Write a file from the database as the organization would download it: 837p claims (CBO or plan), mif (plan, for one ECM provider).");
        var kind = new Argument<string>("kind") { Description = string.Join(", ", ExportKinds) };
        var from = new Option<string?>("--from") { Description = "837p: first service date, YYYY-MM-DD." };
        var to = new Option<string?>("--to") { Description = "837p: last service date, YYYY-MM-DD." };
        var provider = new Option<string?>("--provider") { Description = "mif: the ECM provider, by exact name or id." };
        var asOf = new Option<string?>("--as-of") { Description = "mif: the date the file describes, YYYY-MM-DD (default: today)." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write the file here (default: standard output)." };
        command.Arguments.Add(kind);
        foreach (var o in new Option[] { _organization, from, to, provider, asOf, outFile })
        {
            command.Options.Add(o);
        }

        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var k = parse.GetValue(kind)!.ToLowerInvariant();
            if (!ExportKinds.Contains(k))
            {
                await error.WriteLineAsync($"Unknown kind '{k}'; export one of {string.Join(", ", ExportKinds)}.");
                return 2;
            }

            var settings = CliDatabase.Resolve(parse);
            var (org, problem) = await FindOrganizationAsync(settings, parse.GetValue(_organization)!, k == "mif" ? [OrganizationType.Plan] : [OrganizationType.Plan, OrganizationType.Cbo], ct);
            if (org is null)
            {
                await error.WriteLineAsync(problem);
                return 2;
            }

            Guid? providerId = null;
            if (k == "mif")
            {
                var (ecm, providerProblem) = await FindOrganizationAsync(settings, parse.GetValue(provider) ?? "", [OrganizationType.EcmProvider], ct, "--provider");
                if (ecm is null)
                {
                    await error.WriteLineAsync(providerProblem);
                    return 2;
                }

                providerId = ecm.Id;
            }

            await using var services = BuildServices(settings, org);
            await using var scope = services.CreateAsyncScope();
            Outcome<string> result;
            var leftOut = 0;
            if (k == "mif")
            {
                var mif = await scope.ServiceProvider.GetRequiredService<ExportMif>().HandleAsync(providerId, parse.GetValue(asOf), ct);
                result = mif.Succeeded ? Outcome<string>.Ok(mif.Value!.Csv) : mif.As<string>();
                leftOut = mif.Value?.LeftOut ?? 0;
            }
            else
            {
                result = await scope.ServiceProvider.GetRequiredService<ExportClaims>().HandleAsync(parse.GetValue(from), parse.GetValue(to), ct);
            }

            if (leftOut > 0)
            {
                await error.WriteLineAsync($"{leftOut} member(s) without a CIN left out of the file; add their CIN to include them.");
            }

            if (!result.Succeeded)
            {
                var messages = result.Errors is { Count: > 0 } errors
                    ? errors.SelectMany(e => e.Value.Select(m => $"--{Option(e.Key)}: {m}"))
                    : [result.Message ?? ""];
                foreach (var message in messages)
                {
                    await error.WriteLineAsync(message);
                }

                return result.Kind == OutcomeKind.Invalid ? 2 : 1;
            }

            var target = parse.GetValue(outFile);
            if (target is null)
            {
                await output.WriteAsync(result.Value);
                return 0;
            }

            // Written next to the target and moved into place, so a reader never sees half a file.
            var partial = target.FullName + ".partial";
            await File.WriteAllTextAsync(partial, result.Value, ct);
            File.Move(partial, target.FullName, overwrite: true);
            await error.WriteLineAsync($"Wrote {target.FullName} ({new FileInfo(target.FullName).Length} bytes).");
            return 0;
        });
        return command;
    }

    private static string Option(string field) => field switch
    {
        "asOf" => "as-of",
        "providerId" => "provider",
        _ => field,
    };

    private static OrganizationType[] Expected(string kind) => kind switch
    {
        "834" or "835" => [OrganizationType.Plan],
        "invoice" => [OrganizationType.Cbo],
        _ => [OrganizationType.EcmProvider],
    };

    /// <summary>An organization by exact name or id, of one of the expected types.</summary>
    internal static async Task<(Organizations.Organization? Org, string Problem)> FindOrganizationAsync(
        DatabaseSettings settings, string nameOrId, OrganizationType[] types, CancellationToken ct, string option = "--organization")
    {
        if (string.IsNullOrWhiteSpace(nameOrId))
        {
            return (null, $"{option}: give the organization's exact name or id.");
        }

        await using var db = DatabaseSetup.CreateContext(settings);
        var text = nameOrId.Trim();
        var org = Guid.TryParse(text, out var id)
            ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct)
            : await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == text, ct);
        if (org is null)
        {
            return (null, $"{option}: no organization named '{text}'.");
        }

        return types.Contains(org.Type) ? (org, "")
            : (null, $"{option}: {org.Name} is {org.Type.DisplayName()}; this file is for {string.Join(" or ", types.Select(t => t.DisplayName()))}.");
    }

    internal static ServiceProvider BuildServices(DatabaseSettings settings, Organizations.Organization org)
    {
        var catalog = CatalogLoader.LoadEmbedded().Catalog ?? throw new InvalidOperationException("The embedded program catalog does not load.");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAccessScope>(new OrganizationScope(org.Id, org.Type));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(catalog);
        services.AddCareHubData(settings);
        services.AddBilling();
        services.AddExchange();
        return services.BuildServiceProvider();
    }

    private static (int Exit, IReadOnlyList<string> Lines) Report<T>(string file, Outcome<T> outcome, Func<T, string> summary)
    {
        if (outcome.Succeeded)
        {
            return (0, [$"{file}: {summary(outcome.Value!)}"]);
        }

        if (FileProblems.X12Problem(outcome) is { } x12)
        {
            return (1, [$"{file}: segment {x12.SegmentNumber} ({x12.Segment}): {x12.Message}", $"{file}: rejected; nothing was applied."]);
        }

        return (outcome.Kind == OutcomeKind.Invalid ? 1 : 2, [$"{file}: {outcome.Message}"]);
    }

    private static (int Exit, IReadOnlyList<string> Lines) MemberFile(string file, Outcome<MemberFileResult> outcome)
    {
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return (2, [$"{file}: only ECM provider staff send these files."]);
        }

        if (outcome.Succeeded)
        {
            return (0, [$"{file}: {outcome.Value!.Applied} row(s) applied, {outcome.Value.Unchanged} unchanged."]);
        }

        var rejected = ImportMemberFile.Rejections(outcome);
        return (1, [.. rejected.Select(r => $"{file}:{r.Line}: column {r.Column}: {r.Reason}"), $"{file}: rejected ({rejected.Count} problem(s)); nothing was applied."]);
    }

    private static async Task<(int Exit, IReadOnlyList<string> Lines)> InvoiceAsync(string file, string text, SubmitInvoice handler, CancellationToken ct)
    {
        var (invoice, problem) = InvoiceCsv.Parse(text);
        if (invoice is null)
        {
            return (1, [$"{file}:{problem!.Line}: column {problem.Column}: {problem.Reason}", $"{file}: rejected; nothing was saved."]);
        }

        // Invoice line n is the n-th row after the header; name the file's own line numbers.
        var rows = CsvText.Parse(text).Records;
        var request = new SubmitInvoiceRequest(invoice.InvoiceNumber, [.. invoice.Lines.Select(l => new InvoiceLineRequest(l.Referral,
            l.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), l.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            l.Units, l.Amount, l.Member))]);
        var outcome = await handler.HandleAsync(request, "cli", ct);
        if (!outcome.Succeeded)
        {
            return Report(file, outcome, _ => "");
        }

        var result = outcome.Value!;
        var lines = result.Lines.Where(l => l.Status == LineStatuses.Rejected)
            .Select(l => $"{file}:{(l.Line < rows.Count ? rows[l.Line].Line : l.Line + 1)}: rejected: {l.Reason}").ToList();
        lines.Add(result.Repeated
            ? $"{file}: invoice {result.InvoiceNumber} was already submitted on {result.SubmittedAt:yyyy-MM-dd}; nothing changed ({result.Accepted} accepted, {result.Rejected} rejected)."
            : $"{file}: invoice {result.InvoiceNumber} saved: {result.Accepted} line(s) accepted and coded, {result.Rejected} rejected.");
        return (result.Rejected > 0 && !result.Repeated ? 3 : 0, lines);
    }
}
