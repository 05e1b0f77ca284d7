using CareHub.Billing;
using CareHub.Common;
using CareHub.Web.Features.Billing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Billing;

/// <summary>Invoices and claims: a CBO sends invoices (form or CSV upload) and downloads its claim file; a plan sees
/// the invoices billed to it with their payment status and downloads the claims.</summary>
[Authorize(Roles = Roles.CsProviderStaff + "," + Roles.PlanAdmin + "," + Roles.PlanCareManager)]
public sealed class IndexModel(InvoiceQueries queries, SubmitInvoice submit, ExportClaims claims, TimeProvider clock) : PageModel
{
    public const int FormLines = 5;
    private const int MaxUploadBytes = 5 * 1024 * 1024;

    public sealed class LineForm
    {
        public string? ReferralId { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public decimal? Units { get; set; }
        public decimal? Amount { get; set; }
    }

    public IReadOnlyList<InvoiceView> Invoices { get; private set; } = [];
    public bool IsCbo => User.IsInRole(Roles.CsProviderStaff);
    public string? Problem { get; private set; }
    public string ClaimsFrom { get; private set; } = "";
    public string ClaimsTo { get; private set; } = "";

    [BindProperty]
    public string? InvoiceNumber { get; set; }

    [BindProperty]
    public List<LineForm> Lines { get; set; } = [.. Enumerable.Range(0, FormLines).Select(_ => new LineForm())];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostFormAsync()
    {
        if (!IsCbo)
        {
            return Forbid();
        }

        var lines = Lines.Where(l => !string.IsNullOrWhiteSpace(l.ReferralId) || l.Units is not null || l.Amount is not null)
            .Select(l => new InvoiceLineRequest(l.ReferralId, l.From, l.To, l.Units, l.Amount)).ToList();
        return await SubmitAsync(new SubmitInvoiceRequest(InvoiceNumber, lines), "web");
    }

    public async Task<IActionResult> OnPostCsvAsync(IFormFile? file)
    {
        if (!IsCbo)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            return await ShowAsync("Choose the invoice CSV file to upload (download the template for its layout).");
        }

        if (file.Length > MaxUploadBytes)
        {
            return await ShowAsync($"The file is larger than {MaxUploadBytes / 1024 / 1024} MB; split the invoice.");
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var (parsed, problem) = InvoiceCsv.Parse(await reader.ReadToEndAsync(HttpContext.RequestAborted));
        if (parsed is null)
        {
            return await ShowAsync($"{file.FileName}: line {problem!.Line}, column {problem.Column}: {problem.Reason} Nothing was saved.");
        }

        var request = new SubmitInvoiceRequest(parsed.InvoiceNumber, [.. parsed.Lines.Select(l => new InvoiceLineRequest(l.Referral,
            l.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), l.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            l.Units, l.Amount, l.Member))]);
        return await SubmitAsync(request, "csv");
    }

    public IActionResult OnGetTemplate() =>
        File(System.Text.Encoding.UTF8.GetBytes(InvoiceCsv.Template), "text/csv", "invoice-template.csv");

    public async Task<IActionResult> OnGetClaimsAsync(string? from, string? to)
    {
        var result = await claims.HandleAsync(from, to, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            ClaimsFrom = from ?? "";
            ClaimsTo = to ?? "";
            return await ShowAsync(result.Message ?? "The claim file could not be made.");
        }

        return File(System.Text.Encoding.UTF8.GetBytes(result.Value!), BillingApi.EdiContentType, $"claims-837p-{from}-{to}.x12");
    }

    private async Task<IActionResult> SubmitAsync(SubmitInvoiceRequest request, string channel)
    {
        var result = await submit.HandleAsync(request, channel, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return await ShowAsync(result.Message ?? "The invoice could not be saved.");
        }

        var v = result.Value!;
        TempData["Flash"] = v.Repeated
            ? $"Invoice {v.InvoiceNumber} was already received; nothing changed."
            : $"Invoice {v.InvoiceNumber} received: {v.Accepted} line(s) accepted, {v.Rejected} rejected.";
        return Redirect($"/billing/invoices/{v.Id}");
    }

    private async Task<IActionResult> ShowAsync(string problem)
    {
        Problem = problem;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Invoices = await queries.ListAsync(100, HttpContext.RequestAborted);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (ClaimsFrom.Length == 0)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
            ClaimsFrom = first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            ClaimsTo = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
