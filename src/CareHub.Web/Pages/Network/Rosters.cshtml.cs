using CareHub.Common;
using CareHub.Network;
using CareHub.Web.Features.Network;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>State provider rosters: choose kind, county and date, download CSV or XLSX; the deadlines and every
/// roster produced so far.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class RostersModel(RosterBuilder rosters, TimeProvider clock) : PageModel
{
    public IReadOnlyList<RosterSubmission> History { get; private set; } = [];
    public IReadOnlyList<RosterRow> Preview { get; private set; } = [];
    public IReadOnlyList<string> Counties { get; } = [.. CareHub.Demo.DemoDataGenerator.Counties.Select(c => c.Name)];
    public string Kind { get; private set; } = RosterFormat.EcmKind;
    public string? County { get; private set; }
    public DateOnly AsOf { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(string? kind, string? county, DateOnly? asOf)
    {
        Kind = kind is RosterFormat.CsKind ? RosterFormat.CsKind : RosterFormat.EcmKind;
        County = string.IsNullOrWhiteSpace(county) ? null : county;
        AsOf = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Preview = await rosters.RowsAsync(User.GetOrganizationIdOrEmpty(), Kind, County, AsOf, HttpContext.RequestAborted);
        History = await rosters.HistoryAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnGetDownloadAsync(string? kind, string? county, DateOnly? asOf, string? format)
    {
        var result = await rosters.BuildAsync(kind, county, asOf, format, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            return File(result.Value!.Content, result.Value.ContentType, result.Value.FileName);
        }

        Problem = NetworkLabels.Errors(result.Errors, result.Message);
        await OnGetAsync(kind, county, asOf);
        return Page();
    }
}

internal static class RosterUserExtensions
{
    public static Guid GetOrganizationIdOrEmpty(this System.Security.Claims.ClaimsPrincipal user) =>
        CareHub.Web.Security.CareHubClaims.GetOrganizationId(user) ?? Guid.Empty;
}
