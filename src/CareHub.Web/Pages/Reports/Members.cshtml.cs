using CareHub.Common;
using CareHub.Reporting;
using CareHub.Web.Features.Reporting;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CareHub.Web.Pages.Reports;

[Authorize(Roles = Roles.PlanRoles)]
public sealed class MembersModel(ReportMembers members) : ReportPageModel
{
    [BindProperty(SupportsGet = true)] public string? Report { get; set; }
    [BindProperty(SupportsGet = true)] public string? Measure { get; set; }
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Quarter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    public int PageNumber => ListPage.Number(Request);

    public ReportMembersPage? Result { get; private set; }
    public string? Error { get; private set; }

    public string Back => $"/reports?{Query(("year", Year), ("quarter", Quarter))}#{Report}";

    public string PageLink(int page) => "/reports/members?" + Query(("report", Report), ("measure", Measure), ("year", Year), ("quarter", Quarter), ("key", Key), ("county", County), ("page", page));

    public async Task<IActionResult> OnGetAsync()
    {
        Error = ReportMembers.Validate(Report, Measure);
        var validQuarter = ReportingApi.TryQuarter(Year, Quarter, out var q, out _);
        if (Error is null && !validQuarter)
        {
            Error = "Choose a year and a quarter (1 to 4).";
        }
        else if (Error is null)
        {
            Result = await members.HandleAsync(new ReportMembers.Input(User.GetOrganizationId()!.Value, Report!, Measure!, q, Key, County, PageNumber),
                Request.Path + Request.QueryString, HttpContext.RequestAborted);
        }

        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public static string MeasureLabel(string code) => ReportMeasures.Label(code);
}
