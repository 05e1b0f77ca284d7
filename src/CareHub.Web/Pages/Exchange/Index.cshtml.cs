using CareHub.Common;
using CareHub.Data;
using CareHub.Exchange;
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
    private const int MaxUploadBytes = RequestText.MaxBytes;

    public bool IsPlan => User.IsInRole(Roles.PlanAdmin);
    public string? Problem { get; private set; }
    public string? Done { get; private set; }
    public IReadOnlyList<RowRejection> Rejected { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Providers { get; private set; } = [];
    public string Today { get; private set; } = "";

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPost835Async(IFormFile? file) => PlanFileAsync(file, async text =>
    {
        var r = await remittance.HandleAsync(text, HttpContext.RequestAborted);
        return r.Succeeded ? $"Remittance applied: {r.Value!.Paid} line(s) paid, {r.Value.Denied} denied, {r.Value.Adjusted} adjusted." : throw new FileRejected(r.Message!);
    });

    public Task<IActionResult> OnPost834Async(IFormFile? file) => PlanFileAsync(file, async text =>
    {
        var r = await enrollment.HandleAsync(text, HttpContext.RequestAborted);
        return r.Succeeded
            ? $"Enrollment loaded: {r.Value!.Added} added, {r.Value.Changed} changed, {r.Value.Terminated} terminated, {r.Value.Unchanged} unchanged."
            : throw new FileRejected(r.Message!);
    });

    public async Task<IActionResult> OnGetMifAsync(Guid? providerId, string? asOf)
    {
        var r = await mif.HandleAsync(providerId, asOf, HttpContext.RequestAborted);
        if (!r.Succeeded)
        {
            Problem = r.Message;
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

    public Task<IActionResult> OnPostRtfAsync(IFormFile? file) => ProviderFileAsync(file, ImportMemberFile.Rtf);

    public Task<IActionResult> OnPostOtfAsync(IFormFile? file) => ProviderFileAsync(file, ImportMemberFile.Otf);

    private async Task<IActionResult> ProviderFileAsync(IFormFile? file, string kind)
    {
        var text = await ReadAsync(file);
        if (text is not null)
        {
            var r = await memberFile.HandleAsync(kind, text, HttpContext.RequestAborted);
            if (r.Kind == OutcomeKind.Forbidden)
            {
                return Forbid();
            }

            if (r.Succeeded)
            {
                Done = $"{file!.FileName}: {r.Value!.Applied} row(s) applied, {r.Value.Unchanged} unchanged.";
            }
            else
            {
                Rejected = ImportMemberFile.Rejections(r);
                Problem = $"{file!.FileName} was not applied: {Rejected.Count} problem(s) below. Fix them and upload the whole file again.";
            }
        }

        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult> PlanFileAsync(IFormFile? file, Func<string, Task<string>> apply)
    {
        if (!IsPlan)
        {
            return Forbid();
        }

        var text = await ReadAsync(file);
        if (text is not null)
        {
            try
            {
                Done = await apply(text);
            }
            catch (FileRejected ex)
            {
                Problem = $"{file!.FileName}: {ex.Message}";
            }
        }

        await LoadAsync();
        return Page();
    }

    private async Task<string?> ReadAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            Problem = "Choose a file to upload.";
            return null;
        }

        if (file.Length > MaxUploadBytes)
        {
            Problem = $"{file.FileName} is larger than {MaxUploadBytes / 1024 / 1024} MB; split it.";
            return null;
        }

        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync(HttpContext.RequestAborted);
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

    /// <summary>A file the use case refused; its message names the segment and what is wrong.</summary>
    private sealed class FileRejected(string message) : Exception(message);
}
