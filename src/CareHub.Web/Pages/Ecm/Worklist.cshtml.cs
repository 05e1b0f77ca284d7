using CareHub.Common;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Ecm;

/// <summary>Worklists: today's and overdue tasks across members; caseload against capacity; members stuck too long.</summary>
[Authorize(Roles = Roles.PlanAdmin + "," + Roles.PlanCareManager + "," + Roles.EcmProviderStaff)]
public sealed class WorklistModel(EcmQueries queries, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Due { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    public int PageNumber => ListPage.Number(Request);

    public Paged<TaskItem> Tasks { get; private set; } = new([], 0, 1, 25);
    public (int Overdue, int Today, int Later) Counts { get; private set; }
    public IReadOnlyList<CaseloadRow> Caseload { get; private set; } = [];
    public Paged<CaseRow> Stuck { get; private set; } = new([], 0, 1, 10);
    public IReadOnlyList<OutreachCountRow> Outreach { get; private set; } = [];
    public bool IsPlan => User.GetOrganizationType() == OrganizationType.Plan;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Due = Due is "overdue" or "today" or "due" or "week" or "all" ? Due : "due";
        Tasks = await queries.WorklistAsync(new WorklistFilter(Due, Kind, Sort, PageNumber, 25), Request.Path + Request.QueryString, ct);
        Counts = await queries.TaskCountsAsync(ct);
        Caseload = await queries.CaseloadAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Outreach = await queries.OutreachCountsAsync(today.AddDays(-30), today, Request.Path + "#outreach", ct);
        if (IsPlan)
        {
            Stuck = await queries.ListAsync(new CaseFilter("open", null, null, true, "stuck", 1, 10), Request.Path + "#stuck", ct);
        }
    }

    public async Task<IActionResult> OnPostCompleteAsync(Guid taskId, [FromServices] CompleteEcmTask complete)
    {
        var result = await complete.HandleAsync(taskId, HttpContext.RequestAborted);
        TempData["Flash"] = result.Succeeded ? $"Done: {result.Value!.Title} ({result.Value.MemberName})." : result.Message;
        return Redirect("/ecm/worklist" + Request.QueryString);
    }

    public string Link(string? due = null, int? page = null, string? sort = null, string? kind = null) =>
        "/ecm/worklist?" + string.Join("&", new[]
        {
            "due=" + Uri.EscapeDataString(due ?? Due ?? "due"),
            (kind ?? Kind) is { Length: > 0 } k ? "kind=" + Uri.EscapeDataString(k) : null,
            (sort ?? Sort) is { Length: > 0 } s ? "sort=" + Uri.EscapeDataString(s) : null,
            page is { } p && p > 1 ? "page=" + p : null,
        }.Where(x => x is not null));
}
