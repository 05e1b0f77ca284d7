using CareHub.Common;
using CareHub.Identification;
using CareHub.Web.Features.Identification;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Identification;

[Authorize(Roles = Roles.PlanRoles)]
public sealed class IndexModel(IdentificationQueries queries, IdentificationRunner runner, IdentificationQueue queue, TimeProvider clock) : PageModel
{
    [BindProperty] public DateOnly? AsOf { get; set; }
    [BindProperty] public string Rules { get; set; } = PopulationRuleSelection.Current;

    public IReadOnlyList<RunSummary> Runs { get; private set; } = [];
    public bool AnyPending => Runs.Any(r => r.Status is "queued" or "running");

    public async Task OnGetAsync()
    {
        AsOf ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Runs = await queries.RunsAsync(User.GetOrganizationId()!.Value, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var rules = Rules is "2022" ? "2022" : PopulationRuleSelection.Current;
        var run = await runner.QueueAsync(User.GetOrganizationId()!.Value, AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), rules, User.Identity?.Name, HttpContext.RequestAborted);
        await queue.EnqueueAsync(run.Id);
        TempData["Flash"] = $"Identification as of {run.AsOf:yyyy-MM-dd} ({rules} rules) started.";
        return RedirectToPage();
    }
}
