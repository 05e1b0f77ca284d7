using CareHub.Common;
using CareHub.Network;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Network;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>State provider rosters: choose kind, county and date, download CSV or XLSX; the deadlines and every
/// roster produced so far. A choice that cannot be used is named on its field and nothing is produced.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class RostersModel(RosterBuilder rosters, TimeProvider clock) : PageModel
{
    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["kind"] = ("kind", "Roster"),
        ["county"] = ("county", "County"),
        ["asOf"] = ("asOf", "As of"),
    };

    public IReadOnlyList<RosterSubmission> History { get; private set; } = [];
    public IReadOnlyList<RosterRow> Preview { get; private set; } = [];
    public IReadOnlyList<string> Counties { get; } = [.. CareHub.Demo.DemoDataGenerator.Counties.Select(c => c.Name)];
    public string Kind { get; private set; } = RosterFormat.EcmKind;
    public string? County { get; private set; }
    public DateOnly AsOf { get; private set; }

    /// <summary>The date as sent, kept when it comes back with errors.</summary>
    public string? AsOfText { get; private set; }
    public FormErrors FormErrors { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(string? kind, string? county, string? asOf)
    {
        var form = Check(kind, county, asOf, out var date);
        if (form.Any)
        {
            return await RefuseAsync(form, StatusCodes.Status400BadRequest);
        }

        Preview = await rosters.RowsAsync(User.GetOrganizationIdOrEmpty(), Kind, County, date, HttpContext.RequestAborted);
        History = await rosters.HistoryAsync(HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(string? kind, string? county, string? asOf, string? format)
    {
        var form = Check(kind, county, asOf, out var date);
        if (form.Any)
        {
            return await RefuseAsync(form, StatusCodes.Status400BadRequest);
        }

        var result = await rosters.BuildAsync(Kind, County, date, format, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            return File(result.Value!.Content, result.Value.ContentType, result.Value.FileName);
        }

        return await RefuseAsync(new FormErrors().AddProblems(result.Errors, result.Message, _fields, "The roster could not be made.")
            .OrderBy([.. _fields.Values.Select(f => f.Id)]), UploadedFile.StatusOf(result.Kind));
    }

    /// <summary>The form's choices in one pass, kept as sent; <paramref name="date"/> is the date to use.</summary>
    private FormErrors Check(string? kind, string? county, string? asOf, out DateOnly date)
    {
        var form = new FormErrors();
        Kind = kind is RosterFormat.CsKind ? RosterFormat.CsKind : RosterFormat.EcmKind;
        County = string.IsNullOrWhiteSpace(county) ? null : county.Trim();
        AsOfText = asOf;
        if (!string.IsNullOrEmpty(kind) && kind is not (RosterFormat.EcmKind or RosterFormat.CsKind))
        {
            form.Add("kind", "Roster", "Choose ECM providers or Community Supports providers.");
        }

        if (County is not null && !Counties.Contains(County, StringComparer.Ordinal))
        {
            form.Add("county", "County", "Choose a county from the list, or all counties.");
        }

        var (sent, problem) = FormDates.Read(asOf);
        if (problem is not null)
        {
            form.Add("asOf", "As of", problem);
        }

        date = sent ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        AsOf = date;
        return form;
    }

    private async Task<IActionResult> RefuseAsync(FormErrors form, int status)
    {
        FormErrors = form;
        Response.StatusCode = status;
        History = await rosters.HistoryAsync(HttpContext.RequestAborted);
        return Page();
    }
}

internal static class RosterUserExtensions
{
    public static Guid GetOrganizationIdOrEmpty(this System.Security.Claims.ClaimsPrincipal user) =>
        CareHub.Web.Security.CareHubClaims.GetOrganizationId(user) ?? Guid.Empty;
}
