using CareHub.Common;
using CareHub.Web.Features.Identification;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Identification;

[Authorize(Roles = Roles.PlanRoles)]
public sealed class MembersModel(IdentificationQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Population { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public string? HealthNetwork { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dual { get; set; }

    /// <summary><c>eligible</c>, <c>to-confirm</c>, or empty for both.</summary>
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public RunSummary Run { get; private set; } = null!;
    public IReadOnlyList<DeterminationRow> Items { get; private set; } = [];
    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var run = await queries.RunAsync(User.GetOrganizationId()!.Value, id, HttpContext.RequestAborted);
        if (run is null)
        {
            return NotFound();
        }

        Run = run;
        if (Status is not (null or "" or DeterminationStatuses.Eligible or DeterminationStatuses.ToConfirm))
        {
            return BadRequest($"Unknown status '{Status}'. Use eligible, to-confirm, or leave it out for both.");
        }

        var status = string.IsNullOrEmpty(Status) ? DeterminationStatuses.Identified : Status;
        (Items, Total) = await queries.DeterminationsAsync(id, new DeterminationFilter(Population, County, HealthNetwork, Dual, null, PageNumber, 50, status),
            Request.Path + Request.QueryString, HttpContext.RequestAborted);
        return Page();
    }

    public string PageLink(int page, string? status = null) =>
        $"?population={Uri.EscapeDataString(Population ?? "")}&county={Uri.EscapeDataString(County ?? "")}&healthNetwork={Uri.EscapeDataString(HealthNetwork ?? "")}&dual={Dual}&status={status ?? Status}&p={page}";
}
