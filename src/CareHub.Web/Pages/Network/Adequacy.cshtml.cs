using System.Text.Json;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Network;
using CareHub.Web.Features.Network;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>Network adequacy: the table per county and service, and a chart of capacity against eligible members
/// (drawn by the app's own copy of Chart.js from data in the page, no inline script).</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class AdequacyModel(AdequacyReport report, ProgramCatalog catalog) : PageModel
{
    public string? County { get; private set; }
    public DateOnly AsOf { get; private set; }
    public IReadOnlyList<AdequacyRow> Rows { get; private set; } = [];
    public string ChartJson { get; private set; } = "{}";
    public string? Problem { get; private set; }
    public IReadOnlyList<string> Counties { get; } = [.. CareHub.Demo.DemoDataGenerator.Counties.Select(c => c.Name)];

    public string Name(AdequacyRow r) => r.Kind == AdequacyMath.EcmKind
        ? catalog.FindPopulation(r.Code)?.Name ?? r.Code
        : catalog.FindCommunitySupport(r.Code)?.Name ?? r.Code;

    public async Task OnGetAsync(string? county, DateOnly? asOf)
    {
        var result = await report.ComputeAsync(county, asOf, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            Problem = NetworkLabels.Errors(result.Errors, result.Message);
            return;
        }

        County = county;
        AsOf = result.Value!.AsOf;
        Rows = result.Value.Rows;
        var shown = Rows.OrderByDescending(r => r.Shortfall).ThenByDescending(r => r.Eligible).Take(16).ToList();
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = shown.Select(r => string.IsNullOrWhiteSpace(county) ? $"{r.County} · {Name(r)}" : Name(r)),
            capacity = shown.Select(r => r.Capacity),
            eligible = shown.Select(r => r.Eligible),
            shortfall = shown.Select(r => r.Shortfall),
        });
    }
}
