using CareHub.Catalog;
using CareHub.Common;
using CareHub.Web.Features.Identification;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Identification;

[Authorize(Roles = Roles.PlanRoles)]
public sealed class RunModel(IdentificationQueries queries, ProgramCatalog catalog) : PageModel
{
    public RunSummary Run { get; private set; } = null!;
    public IReadOnlyList<CountRow> Counts { get; private set; } = [];
    public RunDiff? Diff { get; private set; }

    public string PopulationName(string code) => catalog.FindPopulation(code)?.Name ?? code;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var planId = User.GetOrganizationId()!.Value;
        var run = await queries.RunAsync(planId, id, HttpContext.RequestAborted);
        if (run is null)
        {
            return NotFound();
        }

        Run = run;
        if (run.Status == "completed")
        {
            Counts = await queries.CountsAsync(id, HttpContext.RequestAborted);
            Diff = await queries.DiffAsync(planId, id, Request.Path, HttpContext.RequestAborted);
        }

        return Page();
    }

    /// <summary>The drill-down; <paramref name="status"/> <c>eligible</c> or <c>to-confirm</c>, both when null.</summary>
    public string Link(string? population = null, string? county = null, string? network = null, string? dual = null, string? status = null) =>
        $"/identification/runs/{Run.Id}/members?population={Uri.EscapeDataString(population ?? "")}&county={Uri.EscapeDataString(county ?? "")}&healthNetwork={Uri.EscapeDataString(network ?? "")}&dual={dual}"
        + (status is null ? "" : $"&status={status}");
}
