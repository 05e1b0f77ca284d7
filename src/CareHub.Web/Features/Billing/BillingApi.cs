using CareHub.Billing;
using CareHub.Common;
using CareHub.Exchange;
using CareHub.Web.Features.Exchange;

namespace CareHub.Web.Features.Billing;

/// <summary>Billing and data exchange: CBO invoices, 837P claim files, 835 remittances, 834 enrollment.</summary>
public static class BillingApi
{
    public const string EdiContentType = "application/edi-x12";

    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        services.AddScoped<SubmitInvoice>();
        services.AddScoped<ExportClaims>();
        services.AddScoped<ImportRemittance>();
        services.AddScoped<InvoiceQueries>();
        services.AddScoped<ImportEnrollment>();
        services.AddScoped<EcmEncounterClaims>();
        return services;
    }

    public static IEndpointRouteBuilder MapBillingApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/billing").WithTags("Billing");
        g.MapPost("/invoices", Submit).RequireAuthorization(p => p.RequireRole(Roles.CsProviderStaff))
            .WithSummary("A CBO's invoice: {invoiceNumber, lines: [{referralId, from, to, units, amount}]} as JSON, or the CSV template's layout as text/csv. 201 with each line accepted (coded) or rejected (reason); the same invoice number again answers 200 with the stored invoice.");
        g.MapGet("/invoices", List).RequireAuthorization(p => p.RequireRole(Roles.CsProviderStaff, Roles.PlanAdmin, Roles.PlanCareManager))
            .WithSummary("Invoices of the CBO, or invoices with lines billed to the plan, newest first, with payment status.");
        g.MapGet("/invoices/template.csv", () => Results.Text(InvoiceCsv.Template, "text/csv")).RequireAuthorization(p => p.RequireRole(Roles.CsProviderStaff))
            .WithSummary("The invoice CSV template.");
        g.MapGet("/invoices/{id:guid}", Get).RequireAuthorization(p => p.RequireRole(Roles.CsProviderStaff, Roles.PlanAdmin, Roles.PlanCareManager));
        g.MapGet("/claims/837p", Claims).RequireAuthorization(p => p.RequireRole(Roles.CsProviderStaff, Roles.PlanAdmin))
            .WithSummary("The 837P (005010X222A1) claim file for service dates from..to: a CBO's accepted lines, or every claim billed to the plan.");
        g.MapGet("/ecm-encounters", EcmEncounters).RequireAuthorization(p => p.RequireRole(Roles.EcmProviderStaff, Roles.PlanAdmin, Roles.PlanCareManager))
            .WithSummary("ECM encounters coded from outreach attempts and care management for service dates from..to: {from, to, encounters, items: [{caseId, memberId, memberCin, date, activity, mode, hcpcs, modifiers, units, confirmed, note, sources}]}.");
        g.MapGet("/ecm-encounters/837p", EcmEncounterFile).RequireAuthorization(p => p.RequireRole(Roles.EcmProviderStaff, Roles.PlanAdmin))
            .WithSummary("The same ECM encounters as an 837P (005010X222A1) file: one claim per case, no charge.");
        g.MapPost("/remittances", Remit).RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin))
            .WithSummary("Import an X12 835 (body): {paid, denied, adjusted} lines; a malformed file is 400 naming the segment, nothing applied.");

        app.MapPost("/api/enrollment/834", Enroll).WithTags("Enrollment").RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin))
            .WithSummary("Import an X12 834 (body): {added, changed, terminated, unchanged}; a malformed file is 400 naming the segment, nothing applied.");
        return app;
    }

    private static async Task<IResult> Submit(HttpRequest request, SubmitInvoice handler, CancellationToken ct)
    {
        SubmitInvoiceRequest? body;
        var channel = "api";
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (text, problem) = await RequestText.ReadAsync(request, ct);
            if (text is null)
            {
                return Outcome<InvoiceResult>.Invalid("body", problem!).ToProblem();
            }

            var (parsed, csvProblem) = InvoiceCsv.Parse(text);
            if (parsed is null)
            {
                return FileProblems.Csv<InvoiceResult>(csvProblem!).ToProblem();
            }

            channel = "csv";
            body = new SubmitInvoiceRequest(parsed.InvoiceNumber, [.. parsed.Lines.Select(l => new InvoiceLineRequest(l.Referral,
                l.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), l.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                l.Units, l.Amount, l.Member))]);
        }
        else
        {
            try
            {
                body = await request.ReadFromJsonAsync<SubmitInvoiceRequest>(ct);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
            {
                return Outcome<InvoiceResult>.Invalid("body", $"Send JSON {{invoiceNumber, lines: [{{referralId, from, to, units, amount}}]}} or text/csv. {ex.Message}").ToProblem();
            }
        }

        var result = await handler.HandleAsync(body ?? new SubmitInvoiceRequest(null, null), channel, ct);
        return result.ToHttp(v => $"/api/billing/invoices/{v.Id}");
    }

    private static async Task<IResult> List(InvoiceQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(200, ct));

    private static async Task<IResult> Get(Guid id, InvoiceQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } invoice ? TypedResults.Ok(invoice)
            : OutcomeHttp.NotFound($"No invoice {id} is visible to your organization.");

    private static async Task<IResult> Claims(string? from, string? to, ExportClaims handler, CancellationToken ct)
    {
        var result = await handler.HandleAsync(from, to, ct);
        return result.Succeeded ? Results.Text(result.Value!, EdiContentType) : result.ToProblem();
    }

    private static async Task<IResult> EcmEncounters(string? from, string? to, EcmEncounterClaims handler, CancellationToken ct) =>
        (await handler.ListAsync(from, to, ct)).ToHttp();

    private static async Task<IResult> EcmEncounterFile(string? from, string? to, EcmEncounterClaims handler, CancellationToken ct)
    {
        var result = await handler.ClaimFileAsync(from, to, ct);
        return result.Succeeded ? Results.Text(result.Value!, EdiContentType) : result.ToProblem();
    }

    private static async Task<IResult> Remit(HttpRequest request, ImportRemittance handler, CancellationToken ct)
    {
        var (text, problem) = await RequestText.ReadAsync(request, ct);
        return text is null ? Outcome<RemittanceResult>.Invalid("body", problem!).ToProblem() : (await handler.HandleAsync(text, ct)).ToHttp();
    }

    private static async Task<IResult> Enroll(HttpRequest request, ImportEnrollment handler, CancellationToken ct)
    {
        var (text, problem) = await RequestText.ReadAsync(request, ct);
        return text is null ? Outcome<EnrollmentImportResult>.Invalid("body", problem!).ToProblem() : (await handler.HandleAsync(text, ct)).ToHttp();
    }
}
