using CareHub.Catalog;
using CareHub.Common;
using CareHub.Web.Features.Reporting;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CareHub.Web.Pages.Reports;

[Authorize(Roles = Roles.PlanRoles)]
public sealed class OutcomesModel(OutcomeJobs jobs, ProgramCatalog catalog, TimeProvider clock, CareHub.Data.AuditTrail audit) : ReportPageModel
{
    [BindProperty(SupportsGet = true)] public string? Program { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Job { get; set; }

    public OutcomeJob? Current { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    public IEnumerable<(string Code, string Name)> Programs =>
        [("ecm", "Enhanced Care Management"), .. catalog.CommunitySupports.OrderBy(c => c.Name).Select(c => (c.Code, c.Name))];

    public string ProgramName(string code) => code == "ecm" ? "Enhanced Care Management" : catalog.FindCommunitySupport(code)?.Name ?? code;

    public string ExportQuery => Current is null ? "" : Query(("program", Current.Program), ("asOf", Current.AsOf.ToString("yyyy-MM-dd")));

    public async Task<IActionResult> OnGetAsync()
    {
        AsOf ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
        Program ??= "ecm";
        if (Job is { } id)
        {
            Current = await jobs.FindAsync(id, User.GetOrganizationId()!.Value, HttpContext.RequestAborted);
            if (Current is null)
            {
                return NotFound();
            }

            Program = Current.Program;
            AsOf = Current.AsOf.ToString("yyyy-MM-dd");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ReportingApi.TryOutcomeInput(Program, AsOf, catalog, clock, out var code, out var date, out var problem))
        {
            foreach (var (field, messages) in problem!.ProblemDetails.Errors)
            {
                Errors[field] = messages[0];
            }

            return Page();
        }

        var job = await jobs.StartAsync(User.GetOrganizationId()!.Value, code, date, User.Identity?.Name, HttpContext.RequestAborted);
        await audit.RecordAsync("report.outcomes", null, Request.Path, $"{code} as of {date:yyyy-MM-dd}; job {job.Id}", HttpContext.RequestAborted);
        return Redirect($"/reports/outcomes?job={job.Id}");
    }
}
