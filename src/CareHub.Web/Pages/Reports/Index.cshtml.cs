using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Reporting;
using CareHub.Web.Features.Reporting;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CareHub.Web.Pages.Reports;

[Authorize(Roles = Roles.PlanRoles)]
public sealed class IndexModel(EcmQuarterlyReport ecm, CommunitySupportsQuarterlyReport cs, ProgramCatalog catalog, AuditTrail audit, TimeProvider clock) : ReportPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Quarter { get; set; }

    public Quarter Period { get; private set; }
    public string? Error { get; private set; }
    public EcmReport? Ecm { get; private set; }
    public CsReport? Cs { get; private set; }
    public int ThisYear { get; private set; }

    public string PeriodQuery => Query(("year", Period.Year), ("quarter", Period.Number));

    public string PopulationName(string code) => catalog.FindPopulation(code)?.Name ?? code;

    public string ServiceName(string code) => catalog.FindCommunitySupport(code)?.Name ?? code;

    public string Link(string report, string measure, string? key = null, string? county = null) =>
        "/reports/members?" + Query(("report", report), ("measure", measure), ("year", Period.Year), ("quarter", Period.Number), ("key", key), ("county", county));

    public async Task<IActionResult> OnGetAsync()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        ThisYear = today.Year;
        if (string.IsNullOrEmpty(Year) && string.IsNullOrEmpty(Quarter))
        {
            Period = CareHub.Reporting.Quarter.Of(today);
        }
        else if (!ReportingApi.TryQuarter(Year, Quarter, out var q, out _))
        {
            CareHub.Reporting.Quarter.TryCreate(int.TryParse(Year, out var y) ? y : null, int.TryParse(Quarter, out var n) ? n : null, out _, out var error);
            Error = error?.Message;
            Period = CareHub.Reporting.Quarter.Of(today);
            return Page();
        }
        else
        {
            Period = q;
        }

        var plan = User.GetOrganizationId()!.Value;
        var ct = HttpContext.RequestAborted;
        Ecm = await ecm.HandleAsync(new EcmQuarterlyReport.Input(plan, Period), ct);
        Cs = await cs.HandleAsync(new CommunitySupportsQuarterlyReport.Input(plan, Period), ct);
        await audit.RecordAsync("report.dashboard", null, Request.Path + Request.QueryString, Period.ToString(), ct);
        return Page();
    }
}
