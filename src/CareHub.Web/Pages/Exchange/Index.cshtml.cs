using CareHub.Common;
using CareHub.Data;
using CareHub.Exchange;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Billing;
using CareHub.Web.Features.Exchange;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Exchange;

/// <summary>Data exchange files: a plan administrator loads 835 remittances and 834 enrollment and downloads a
/// provider's Member Information File; ECM provider staff upload their Return Transmission and Outreach Tracker Files.</summary>
[Authorize(Roles = Roles.PlanAdmin + "," + Roles.EcmProviderStaff)]
public sealed class IndexModel(CareHubDbContext db, ImportRemittance remittance, ImportEnrollment enrollment, ExportMif mif, ImportMemberFile memberFile, TimeProvider clock)
    : PageModel
{
    private const long MaxUploadBytes = Security.RequestLimits.ExchangeFileBytes;

    private static readonly UploadedFile.Field _file835 = new("file835", "835 file", "X12 835", MaxUploadBytes, Csv: false);
    private static readonly UploadedFile.Field _file834 = new("file834", "834 file", "X12 834", MaxUploadBytes, Csv: false);
    private static readonly UploadedFile.Field _rtf = new("rtf", "RTF file", "Return Transmission (CSV)", MaxUploadBytes);
    private static readonly UploadedFile.Field _otf = new("otf", "OTF file", "Outreach Tracker (CSV)", MaxUploadBytes);

    private static readonly Dictionary<string, (string Id, string Label)> _mifFields = new(StringComparer.Ordinal)
    {
        ["providerId"] = ("providerId", "ECM provider"),
        ["asOf"] = ("asOf", "As of"),
    };

    public bool IsPlan => User.IsInRole(Roles.PlanAdmin);
    public FormErrors FormErrors { get; private set; } = new();
    public string? Done { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Providers { get; private set; } = [];
    public string Today { get; private set; } = "";

    /// <summary>The Member Information File's choices as sent, kept when they come back with errors.</summary>
    public Guid? ProviderId { get; private set; }
    public string? AsOf { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostRemittanceAsync(IFormFile? file) => PlanFileAsync(file, _file835, async text =>
    {
        var r = await remittance.HandleAsync(text, HttpContext.RequestAborted);
        return (r.Succeeded ? $"Remittance applied: {r.Value!.Paid} line(s) paid, {r.Value.Denied} denied, {r.Value.Adjusted} adjusted." : null, r.As<string>());
    });

    public Task<IActionResult> OnPostEnrollmentAsync(IFormFile? file) => PlanFileAsync(file, _file834, async text =>
    {
        var r = await enrollment.HandleAsync(text, HttpContext.RequestAborted);
        return (r.Succeeded
            ? $"Enrollment loaded: {r.Value!.Added} added, {r.Value.Changed} changed, {r.Value.Terminated} terminated, {r.Value.Unchanged} unchanged."
            : null, r.As<string>());
    });

    public async Task<IActionResult> OnGetMifAsync(Guid? providerId, string? asOf)
    {
        (ProviderId, AsOf) = (providerId, asOf);
        var r = await mif.HandleAsync(providerId, asOf, HttpContext.RequestAborted);
        if (!r.Succeeded)
        {
            if (r.Kind == OutcomeKind.Forbidden)
            {
                return Forbid();
            }

            // The provider is chosen from a list and the date from a date field: say so in their words.
            var errors = r.Kind == OutcomeKind.NotFound
                ? new Dictionary<string, string[]> { ["providerId"] = ["Choose an ECM provider from the list."] }
                : (r.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Key switch
                {
                    "providerId" => ["Choose the ECM provider."],
                    "asOf" => ["Enter the date as mm/dd/yyyy."],
                    _ => e.Value,
                });
            FormErrors = new FormErrors().AddProblems(errors, r.Message, _mifFields, "The Member Information File could not be made.")
                .OrderBy([.. _mifFields.Values.Select(f => f.Id)]);
            Response.StatusCode = UploadedFile.StatusOf(r.Kind);
            await LoadAsync();
            return Page();
        }

        Response.Headers[CareHub.Web.Features.Exchange.ExchangeApi.MembersWithoutCinHeader] = r.Value!.LeftOut.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return File(System.Text.Encoding.UTF8.GetBytes(r.Value.Csv), "text/csv", $"mif-v{MemberFiles.LayoutVersion}-{asOf}.csv");
    }

    public IActionResult OnGetTemplate(string kind) => kind switch
    {
        "rtf" => File(System.Text.Encoding.UTF8.GetBytes(CsvText.Line(MemberFiles.RtfColumns)), "text/csv", $"rtf-v{MemberFiles.LayoutVersion}-template.csv"),
        "otf" => File(System.Text.Encoding.UTF8.GetBytes(CsvText.Line(MemberFiles.OtfColumns)), "text/csv", $"otf-v{MemberFiles.LayoutVersion}-template.csv"),
        _ => NotFound(),
    };

    public Task<IActionResult> OnPostRtfAsync(IFormFile? file) => ProviderFileAsync(file, _rtf, ImportMemberFile.Rtf);

    public Task<IActionResult> OnPostOtfAsync(IFormFile? file) => ProviderFileAsync(file, _otf, ImportMemberFile.Otf);

    private async Task<IActionResult> ProviderFileAsync(IFormFile? file, UploadedFile.Field field, string kind)
    {
        var form = new FormErrors();
        var text = await UploadedFile.ReadAsync(file, field, form, HttpContext.RequestAborted);
        if (text is null)
        {
            return await RefuseAsync(form, StatusCodes.Status400BadRequest);
        }

        var r = await memberFile.HandleAsync(kind, text, HttpContext.RequestAborted);
        if (r.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (!r.Succeeded)
        {
            return await RefuseAsync(form.AddRejected(field, Path.GetFileName(file!.FileName), r), UploadedFile.StatusOf(r.Kind));
        }

        Done = $"{Path.GetFileName(file!.FileName)}: {r.Value!.Applied} row(s) applied, {r.Value.Unchanged} unchanged.";
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult> PlanFileAsync(IFormFile? file, UploadedFile.Field field, Func<string, Task<(string? Done, Outcome<string> Outcome)>> apply)
    {
        if (!IsPlan)
        {
            return Forbid();
        }

        var form = new FormErrors();
        var text = await UploadedFile.ReadAsync(file, field, form, HttpContext.RequestAborted);
        if (text is null)
        {
            return await RefuseAsync(form, StatusCodes.Status400BadRequest);
        }

        var (done, outcome) = await apply(text);
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (done is null)
        {
            return await RefuseAsync(form.AddRejected(field, Path.GetFileName(file!.FileName), outcome), UploadedFile.StatusOf(outcome.Kind));
        }

        Done = done;
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult> RefuseAsync(FormErrors form, int status)
    {
        FormErrors = form;
        Response.StatusCode = status;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (IsPlan)
        {
            var rows = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.EcmProvider).OrderBy(o => o.Name)
                .Select(o => new { o.Id, o.Name }).ToListAsync(HttpContext.RequestAborted);
            Providers = [.. rows.Select(r => (r.Id, r.Name))];
        }
    }
}
