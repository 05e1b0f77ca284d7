using CareHub.Common;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>The gap closure report: every area marked No with the missing information, expected documentation,
/// due date and status, the check-ins held and due; a PDF and a workbook download; the plan records check-ins here.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class GapsModel(ApplicationQueries queries, ApplicationWriter writer, TimeProvider clock) : PageModel, IShowsInputProblems
{
    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["heldOn"] = ("heldOn", "Held on"),
        ["notes"] = ("notes", "Notes"),
    };

    public ApplicationView App { get; private set; } = null!;
    public GapList Gaps { get; private set; } = new([], [], 0);
    public bool IsPlan { get; private set; }
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The check-in as typed, kept when it comes back with errors.</summary>
    public string? HeldOn { get; private set; }
    public string? Notes { get; private set; }

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

        var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Value);
        if (errors.ContainsKey("heldOn"))
        {
            errors["heldOn"] = [heldOn is { } held ? $"{held:MM/dd/yyyy} is in the future: record a check-in once it has been held." : "Give the day the check-in was held (mm/dd/yyyy)."];
        }

        return await ShowFormAsync(id, result.Kind, new FormErrors().AddProblems(errors.Count > 0 ? errors : null, result.Message, _fields, "The check-in was not recorded."));
    }

    /// <summary>A date outside 1900-2200 or over-long notes are shown on the check-in form.</summary>
    public Task<IActionResult> ShowInputProblemsAsync(InputProblems problems) =>
        ShowFormAsync(problems.Argument<Guid>("id"), OutcomeKind.Invalid, problems.AddTo(new FormErrors(), _fields));

    private async Task<IActionResult> ShowFormAsync(Guid id, OutcomeKind kind, FormErrors errors)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        (HeldOn, Notes) = Request.HasFormContentType ? (Request.Form["heldOn"].ToString(), Request.Form["notes"].ToString()) : (null, null);
        FormErrors = errors.OrderBy([.. _fields.Values.Select(f => f.Id)]);
        Response.StatusCode = UploadedFile.StatusOf(kind);
        return Page();
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
