using CareHub.Common;
using CareHub.Web.Features.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>The gap closure report: every area marked No with the missing information, expected documentation,
/// due date and status, the check-ins held and due; a PDF and a workbook download; the plan records check-ins here.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class GapsModel(ApplicationQueries queries, ApplicationWriter writer, TimeProvider clock) : PageModel
{
    public ApplicationView App { get; private set; } = null!;
    public GapList Gaps { get; private set; } = new([], [], 0);
    public bool IsPlan { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetXlsxAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var bytes = await GapReportExport.XlsxAsync(App, Gaps, HttpContext.RequestAborted);
        return File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"gap-closure-report-{App.ProviderName.Replace(' ', '-')}.xlsx");
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var bytes = GapReportPdf.Write(App, Gaps, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return File(bytes, "application/pdf", $"gap-closure-report-{App.ProviderName.Replace(' ', '-')}.pdf");
    }

    public async Task<IActionResult> OnPostCheckInAsync(Guid id, DateOnly? heldOn, string? notes)
    {
        var result = await writer.RecordCheckInAsync(id, new CheckInRequest(heldOn, notes), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = "Check-in recorded; the next one is due in two weeks while gaps stay open.";
            return RedirectToPage(new { id });
        }

        Problem = NetworkLabels.Errors(result.Errors, result.Message);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var app = await queries.GetAsync(id, HttpContext.RequestAborted);
        if (!app.Succeeded)
        {
            return false;
        }

        App = app.Value!;
        Gaps = (await queries.GapsAsync(id, HttpContext.RequestAborted)).Value!;
        IsPlan = User.GetOrganizationType() == OrganizationType.Plan;
        return true;
    }
}
