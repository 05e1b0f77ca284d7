using System.Text.Json;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Network;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Network;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>Network adequacy: the table per county and service, and a chart of capacity against eligible members
/// (drawn by the app's own copy of Chart.js from data in the page, no inline script). A county or date that cannot
/// be used is named on its field.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class AdequacyModel(AdequacyReport report, ProgramCatalog catalog) : PageModel
{
    public string? County { get; private set; }
    public DateOnly AsOf { get; private set; }
    public IReadOnlyList<AdequacyRow> Rows { get; private set; } = [];
    public string ChartJson { get; private set; } = "{}";
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The date as sent, kept when it comes back with errors.</summary>
    public string? AsOfText { get; private set; }

    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["county"] = ("county", "County"),
        ["asOf"] = ("asOf", "As of"),
    };
    public IReadOnlyList<string> Counties { get; } = [.. CareHub.Demo.DemoDataGenerator.Counties.Select(c => c.Name)];

    public string Name(AdequacyRow r) => r.Kind == AdequacyMath.EcmKind
        ? catalog.FindPopulation(r.Code)?.Name ?? r.Code
        : catalog.FindCommunitySupport(r.Code)?.Name ?? r.Code;

    public async Task<IActionResult> OnGetAsync(string? county, string? asOf)
    {
        (County, AsOfText) = (county, asOf);
        var form = new FormErrors();
        if (!string.IsNullOrWhiteSpace(county) && !Counties.Contains(county.Trim(), StringComparer.Ordinal))
        {
            form.Add("county", "County", "Choose a county from the list, or all counties.");
        }

        var (date, problem) = FormDates.Read(asOf);
        if (problem is not null)
        {
            form.Add("asOf", "As of", problem);
        }

        if (form.Any)
        {
            return Refuse(form, StatusCodes.Status400BadRequest);
        }

        var result = await report.ComputeAsync(county, date, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return Refuse(new FormErrors().AddProblems(result.Errors, result.Message, _fields, "The adequacy report could not be made."), UploadedFile.StatusOf(result.Kind));
        }

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
        return Page();
    }

    private PageResult Refuse(FormErrors form, int status)
    {
        FormErrors = form;
        Response.StatusCode = status;
        return Page();
    }
}
