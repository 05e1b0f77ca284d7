using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Identification.Runs;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Ecm;

/// <summary>Referral intake from identification: the latest completed run's eligible members who have no ECM case yet.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class IntakeModel(CareHubDbContext db, ReferFromIdentificationRun refer) : PageModel
{
    public sealed record PopulationRow(string Population, int Eligible, int NotReferred);

    public IdentificationRunRecord? Run { get; private set; }
    public IReadOnlyList<PopulationRow> Rows { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Guid runId, string? population)
    {
        var result = await refer.HandleAsync(runId, population, 500, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            var r = result.Value!;
            TempData["Flash"] = $"{r.Created} members referred for ECM{(population is { Length: > 0 } ? $" ({population})" : "")}; {r.AlreadyOpen} already had an open case"
                + (r.Remaining > 0 ? $"; {r.Remaining} left for the next batch." : ".");
            return RedirectToPage();
        }

        Problems = [result.Message ?? "Nothing was referred."];
        Response.StatusCode = result.Kind == OutcomeKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var planId = User.GetOrganizationId();
        var ct = HttpContext.RequestAborted;
        Run = await db.IdentificationRuns.AsNoTracking().Where(r => r.PlanId == planId && r.Status == RunStatus.Completed).OrderByDescending(r => r.RequestedAt).FirstOrDefaultAsync(ct);
        if (Run is null)
        {
            return;
        }

        var runId = Run.Id;
        var eligible = db.Determinations.AsNoTracking().Where(d => d.RunId == runId && d.Eligible);
        var openMembers = db.Set<EcmCase>().Where(c => c.OpenMemberId != null).Select(c => c.MemberId);
        var rows = await eligible.GroupBy(d => d.Population)
            .Select(g => new { g.Key, Eligible = g.Count(), NotReferred = g.Count(d => !openMembers.Contains(d.MemberId)) })
            .ToListAsync(ct);
        Rows = [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new PopulationRow(r.Key, r.Eligible, r.NotReferred))];
    }
}
