using CareHub.Billing;
using CareHub.Common;
using CareHub.Exchange;
using CareHub.Web.Accessibility;
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
    private const long MaxUploadBytes = Security.RequestLimits.InvoiceFileBytes;

    private static readonly UploadedFile.Field _file = new("file", "Invoice file", "invoice CSV", MaxUploadBytes);

    /// <summary>The id the lines group and its message share (the table of lines is one field for the summary).</summary>
    public const string LinesId = "lines";

    private static readonly Dictionary<string, (string Id, string Label)> _formFields = new(StringComparer.Ordinal)
    {
        ["invoiceNumber"] = ("InvoiceNumber", "Invoice number"),
        ["lines"] = (LinesId, "Lines"),
    };

    private static readonly Dictionary<string, (string Id, string Label)> _claimFields = new(StringComparer.Ordinal)
    {
        ["from"] = ("from", "First service date"),
        ["to"] = ("to", "Last service date"),
    };

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
    public FormErrors FormErrors { get; private set; } = new();
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

        // The form always shows its lines, however many came back.
        while (Lines.Count < FormLines)
        {
            Lines.Add(new LineForm());
        }

        // A units or amount that is not a number is named on its field, not dropped with its line.
        var form = new FormErrors();
        for (var i = 0; i < Lines.Count; i++)
        {
            foreach (var (name, what) in new[] { ("Units", "units"), ("Amount", "amount") })
            {
                if (ModelState[$"Lines[{i}].{name}"] is { Errors.Count: > 0 } state)
                {
                    form.Add($"Lines_{i}__{name}", $"Line {i + 1} {what}", $"'{state.AttemptedValue}' is not a number; give the {what} as a number, for example {(name == "Units" ? "14 or 3.5" : "210.00")}.");
                }
            }
        }

        if (form.Any)
        {
            return await ShowAsync(form, StatusCodes.Status400BadRequest);
        }

        var lines = Lines.Where(l => !string.IsNullOrWhiteSpace(l.ReferralId) || l.Units is not null || l.Amount is not null)
            .Select(l => new InvoiceLineRequest(l.ReferralId, l.From, l.To, l.Units, l.Amount)).ToList();
        var request = new SubmitInvoiceRequest(InvoiceNumber, lines);
        var result = await submit.HandleAsync(request, "web", HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            return Received(result.Value!);
        }

        if (result.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Key switch
        {
            "invoiceNumber" when string.IsNullOrWhiteSpace(InvoiceNumber) => ["Give your invoice number (1 to 50 characters)."],
            "lines" when lines.Count == 0 => ["Fill in at least one line: the referral id, dates, units and amount."],
            _ => e.Value,
        });
        return await ShowAsync(new FormErrors().AddProblems(errors, result.Message, _formFields, "The invoice could not be saved.")
            .OrderBy([.. _formFields.Values.Select(f => f.Id)]), UploadedFile.StatusOf(result.Kind));
    }

    public async Task<IActionResult> OnPostCsvAsync(IFormFile? file)
    {
        if (!IsCbo)
        {
            return Forbid();
        }

        var form = new FormErrors();
        var text = await UploadedFile.ReadAsync(file, _file, form, HttpContext.RequestAborted);
        if (text is null)
        {
            return await ShowAsync(form, StatusCodes.Status400BadRequest);
        }

        var name = Path.GetFileName(file!.FileName);
        var (parsed, problem) = InvoiceCsv.Parse(text);
        if (parsed is null)
        {
            return await ShowAsync(form.AddRejected(_file, name, FileProblems.Csv<InvoiceResult>(problem!)), StatusCodes.Status400BadRequest);
        }

        var request = new SubmitInvoiceRequest(parsed.InvoiceNumber, [.. parsed.Lines.Select(l => new InvoiceLineRequest(l.Referral,
            l.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), l.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            l.Units, l.Amount, l.Member))]);
        var result = await submit.HandleAsync(request, "csv", HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            return Received(result.Value!);
        }

        return result.Kind == OutcomeKind.Forbidden
            ? Forbid()
            : await ShowAsync(form.AddRejected(_file, name, result), UploadedFile.StatusOf(result.Kind));
    }

    public IActionResult OnGetTemplate() =>
        File(System.Text.Encoding.UTF8.GetBytes(InvoiceCsv.Template), "text/csv", "invoice-template.csv");

    public async Task<IActionResult> OnGetClaimsAsync(string? from, string? to)
    {
        var result = await claims.HandleAsync(from, to, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            if (result.Kind == OutcomeKind.Forbidden)
            {
                return Forbid();
            }

            ClaimsFrom = from ?? "";
            ClaimsTo = to ?? "";
            // Both are date fields: a date that does not read is asked for as the field shows dates.
            var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Key switch
            {
                "from" => [string.IsNullOrWhiteSpace(from) ? "Enter the first service date of the period." : "Enter the first service date as mm/dd/yyyy."],
                "to" when !IsDate(to) => [string.IsNullOrWhiteSpace(to) ? "Enter the last service date of the period." : "Enter the last service date as mm/dd/yyyy."],
                _ => e.Value,
            });
            return await ShowAsync(new FormErrors().AddProblems(errors, result.Message, _claimFields, "The claim file could not be made.")
                .OrderBy([.. _claimFields.Values.Select(f => f.Id)]), UploadedFile.StatusOf(result.Kind));
        }

        return File(System.Text.Encoding.UTF8.GetBytes(result.Value!), BillingApi.EdiContentType, $"claims-837p-{from}-{to}.x12");
    }

    private static bool IsDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    private RedirectResult Received(InvoiceResult v)
    {
        TempData["Flash"] = v.Repeated
            ? $"Invoice {v.InvoiceNumber} was already received; nothing changed."
            : $"Invoice {v.InvoiceNumber} received: {v.Accepted} line(s) accepted, {v.Rejected} rejected.";
        return Redirect($"/billing/invoices/{v.Id}");
    }

    private async Task<IActionResult> ShowAsync(FormErrors errors, int status)
    {
        FormErrors = errors;
        Response.StatusCode = status;
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
