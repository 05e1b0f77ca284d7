using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Identification.Runs;
using CareHub.Web.Accessibility;
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

    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["population"] = ("refer-population", "Population of Focus"),
        ["max"] = ("refer-count", "How many members"),
    };

    public IdentificationRunRecord? Run { get; private set; }
    public IReadOnlyList<PopulationRow> Rows { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The batch as typed, kept when it is sent back with errors.</summary>
    public string? Population { get; private set; }
    public string? Count { get; private set; }

    public const int MaxBatch = 500;

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>One population's next batch, from the button on its row.</summary>
    public Task<IActionResult> OnPostAsync(Guid runId, string? population) => ReferAsync(runId, population, MaxBatch);

    /// <summary>A batch of the size the user chooses, for the population chosen; both fields checked in one pass.</summary>
    public async Task<IActionResult> OnPostBatchAsync(Guid runId, string? population, string? count)
    {
        (Population, Count) = (population, count);
        await LoadAsync();
        var form = new FormErrors();
        if (string.IsNullOrWhiteSpace(population))
        {
            form.Add("refer-population", "Population of Focus", "Choose the Population of Focus to refer.");
        }
        else if (!Rows.Any(r => r.Population == population))
        {
            form.Add("refer-population", "Population of Focus", $"No member of the run is eligible for '{population}'; choose one from the list.");
        }

        if (!int.TryParse(count?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxBatch)
        {
            form.Add("refer-count", "How many members", string.IsNullOrWhiteSpace(count)
                ? $"Give how many members to refer, from 1 to {MaxBatch}."
                : $"'{count}' is not a number of members from 1 to {MaxBatch}.");
        }

        if (form.Any)
        {
            FormErrors = form;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return await ReferAsync(runId, population, n);
    }

    private async Task<IActionResult> ReferAsync(Guid runId, string? population, int max)
    {
        var result = await refer.HandleAsync(runId, population, max, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            var r = result.Value!;
            TempData["Flash"] = $"{r.Created} members referred for ECM{(population is { Length: > 0 } ? $" ({population})" : "")}; {r.AlreadyOpen} already had an open case"
                + (r.Remaining > 0 ? $"; {r.Remaining} left for the next batch." : ".");
            return RedirectToPage();
        }

        FormErrors = new FormErrors().AddProblems(result.Errors, result.Message, _fields, "Nothing was referred.");
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
