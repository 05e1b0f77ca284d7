using System.Globalization;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Reporting;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareHub.Web.Features.Reporting;

public static class ReportingSetup
{
    /// <summary>The reports' pages and charts allow only the app's own scripts, styles and images.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddScoped<ReportFacts>();
        services.AddScoped<EcmQuarterlyReport>();
        services.AddScoped<CommunitySupportsQuarterlyReport>();
        services.AddScoped<ReportMembers>();
        services.AddScoped<OutcomesReport>();
        services.AddScoped<OutcomeJobs>();
        services.AddSingleton<ReportJobSignal>();
        services.AddHostedService<OutcomeJobWorker>();
        return services;
    }
}

/// <summary>The plan's quarterly ECM and Community Supports reports, the outcomes comparison, the members behind each
/// figure, and the charts. Plan staff only; every report can be had as JSON, CSV or XLSX.</summary>
public static class ReportingApi
{
    public sealed record StartOutcomes(string? Program, string? AsOf);

    public sealed record OutcomeJobView(Guid Id, string Program, DateOnly AsOf, string Status, string Stage, int Percent, OutcomesResult? Result, string? Error);

    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(p => p.RequireRole(Roles.PlanRoles.Split(',')));
        g.MapGet("/ecm", Ecm).WithSummary("Quarterly ECM report: {rows: [{population, county, identified, referred, authorized, denied, assigned, outreached, enrolled, disenrolled, activeAtEnd}]}, with disenrollment reasons and ECM providers; format=json|csv|xlsx.");
        g.MapGet("/community-supports", CommunitySupports).WithSummary("Quarterly Community Supports report: {rows: [{communitySupport, county, referrals, authorized, denied, served, units, amount, loopsClosed}]}, with denials by reason and decision timeliness; format=json|csv|xlsx.");
        g.MapGet("/outcomes", Outcomes).WithSummary("ED visits and unplanned admissions per 1,000 member-months before and after the start: {program: {...}, comparison: {...}} with the outcomes CSV's fields (not a randomized comparison); program=ecm|<community support code>, asOf=YYYY-MM-DD; format=json|csv|xlsx.");
        g.MapPost("/outcomes/jobs", StartJob).WithSummary("Starts the outcomes computation in the background: {program, asOf}; answers 202 with the job.");
        g.MapGet("/outcomes/jobs/{id:guid}", Job).WithSummary("An outcomes computation: status, stage, percent done and, when completed, the result.");
        g.MapGet("/members", Members).WithSummary("The members behind a figure: report=ecm|community-supports, measure, year, quarter, key (population or service), county, page. Only members the caller may see; each is audited.");

        var charts = app.MapGroup("/reports/charts").RequireAuthorization(p => p.RequireRole(Roles.PlanRoles.Split(',')));
        charts.MapGet("/ecm.svg", EcmChart);
        charts.MapGet("/community-supports.svg", CsChart);
        charts.MapGet("/outcomes/{id:guid}.svg", OutcomesChart);
        return app;
    }

    private static Guid Plan(HttpContext http) => http.User.GetOrganizationId()!.Value;

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Reads year and quarter; the error names the field.</summary>
    public static bool TryQuarter(string? year, string? quarter, out Quarter q, out ValidationProblem? problem)
    {
        problem = null;
        int? y = int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var yv) ? yv : null;
        int? n = int.TryParse(quarter, NumberStyles.None, CultureInfo.InvariantCulture, out var nv) ? nv : null;
        if (!Quarter.TryCreate(y, n, out q, out var error))
        {
            problem = Invalid(error!.Value.Field, error.Value.Message);
            return false;
        }

        return true;
    }

    private static bool TryFormat(string? format, out string value, out ValidationProblem? problem)
    {
        value = string.IsNullOrWhiteSpace(format) ? "json" : format.Trim().ToLowerInvariant();
        problem = value is "json" or "csv" or "xlsx" ? null : Invalid("format", "format must be json, csv or xlsx.");
        return problem is null;
    }

    private static IResult File(string format, string name, ReportTable[] tables, IReadOnlyList<string> notes) => format == "csv"
        ? Results.File(System.Text.Encoding.UTF8.GetBytes(ReportExport.Csv(tables[0], notes)), "text/csv", name + ".csv")
        : Results.File(ReportExport.Xlsx(tables, notes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");

    private static async Task<IResult> Ecm(string? year, string? quarter, string? format, HttpContext http, EcmQuarterlyReport report, AuditTrail audit, CancellationToken ct)
    {
        if (!TryQuarter(year, quarter, out var q, out var problem) || !TryFormat(format, out var f, out problem))
        {
            return problem!;
        }

        var r = await report.HandleAsync(new EcmQuarterlyReport.Input(Plan(http), q), ct);
        await audit.RecordAsync("report.ecm", null, http.Request.Path + http.Request.QueryString, $"{q}; rows={r.Rows.Count}", ct);
        return f == "json" ? TypedResults.Ok(r)
            : File(f, $"ecm-{q.Year}-q{q.Number}", ReportExport.Tables(r), [$"Quarterly ECM report {q} ({q.First:yyyy-MM-dd} to {q.Last:yyyy-MM-dd}); figures count distinct members per row.",
                .. ReportMeasures.Ecm.Select(m => $"{m.Code}: {m.Meaning}.")]);
    }

    private static async Task<IResult> CommunitySupports(string? year, string? quarter, string? format, HttpContext http, CommunitySupportsQuarterlyReport report,
        AuditTrail audit, CancellationToken ct)
    {
        if (!TryQuarter(year, quarter, out var q, out var problem) || !TryFormat(format, out var f, out problem))
        {
            return problem!;
        }

        var r = await report.HandleAsync(new CommunitySupportsQuarterlyReport.Input(Plan(http), q), ct);
        await audit.RecordAsync("report.community-supports", null, http.Request.Path + http.Request.QueryString, $"{q}; rows={r.Rows.Count}", ct);
        return f == "json" ? TypedResults.Ok(r)
            : File(f, $"community-supports-{q.Year}-q{q.Number}", ReportExport.Tables(r), [$"Quarterly Community Supports report {q} ({q.First:yyyy-MM-dd} to {q.Last:yyyy-MM-dd}).",
                .. ReportMeasures.CommunitySupports.Select(m => $"{m.Code}: {m.Meaning}.")]);
    }

    /// <summary>Validates the program and as-of date of an outcomes request.</summary>
    public static bool TryOutcomeInput(string? program, string? asOf, ProgramCatalog catalog, TimeProvider clock, out string code, out DateOnly date, out ValidationProblem? problem)
    {
        code = program?.Trim() ?? "";
        date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        problem = null;
        if (code.Length == 0 || (code != "ecm" && catalog.FindCommunitySupport(code) is null))
        {
            problem = Invalid("program", $"program must be ecm or a Community Support code from the catalog ({string.Join(", ", catalog.CommunitySupports.Select(c => c.Code).Take(20))}).");
            return false;
        }

        if (!string.IsNullOrWhiteSpace(asOf))
        {
            if (!DateOnly.TryParseExact(asOf.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) || date.Year < Quarter.MinYear || date.Year > Quarter.MaxYear)
            {
                problem = Invalid("asOf", "asOf must be a date in the form YYYY-MM-DD, for example 2025-06-30.");
                return false;
            }
        }

        return true;
    }

    private static async Task<IResult> Outcomes(string? program, string? asOf, string? format, HttpContext http, OutcomesReport report, ProgramCatalog catalog,
        TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        if (!TryOutcomeInput(program, asOf, catalog, clock, out var code, out var date, out var problem) || !TryFormat(format, out var f, out problem))
        {
            return problem!;
        }

        var r = await report.HandleAsync(new OutcomesReport.Input(Plan(http), code, date), null, ct);
        await audit.RecordAsync("report.outcomes", null, http.Request.Path + http.Request.QueryString, $"{code} as of {date:yyyy-MM-dd}", ct);
        return f == "json" ? TypedResults.Ok(r) : File(f, $"outcomes-{code}-{date:yyyy-MM-dd}", ReportExport.Tables(r), OutcomeNotes(r));
    }

    public static IReadOnlyList<string> OutcomeNotes(OutcomesResult r) =>
    [
        r.Note,
        $"Program group '{r.Program.Group}': members who started (ECM: enrolled; a Community Support: first service) on or before {r.AsOf:yyyy-MM-dd}, each from the start date.",
        r.IdentificationRunDate is { } run
            ? $"Comparison group: members identified in the identification run as of {run:yyyy-MM-dd} who never started the program, with that date as their start."
            : "Comparison group: empty, because the plan has no completed identification run on or before the as-of date.",
        "Before: the 12 calendar months ending the day before the start. After: 12 calendar months from the start, cut at the as-of date and at death.",
        "ED visits and unplanned (inpatient) admissions count distinct dates; member-months are days alive and enrolled divided by 30.4375; rates are per 1,000 member-months; changes are percentages of the before rate.",
    ];

    private static async Task<Results<Accepted<OutcomeJobView>, ValidationProblem>> StartJob(StartOutcomes body, HttpContext http, OutcomeJobs jobs, ProgramCatalog catalog,
        TimeProvider clock, AuditTrail audit, CancellationToken ct)
    {
        if (!TryOutcomeInput(body.Program, body.AsOf, catalog, clock, out var code, out var date, out var problem))
        {
            return problem!;
        }

        var job = await jobs.StartAsync(Plan(http), code, date, http.User.Identity?.Name, ct);
        await audit.RecordAsync("report.outcomes", null, http.Request.Path, $"{code} as of {date:yyyy-MM-dd}; job {job.Id}", ct);
        return TypedResults.Accepted($"/api/reports/outcomes/jobs/{job.Id}", View(job));
    }

    private static async Task<Results<Ok<OutcomeJobView>, NotFound>> Job(Guid id, HttpContext http, OutcomeJobs jobs, CancellationToken ct) =>
        await jobs.FindAsync(id, Plan(http), ct) is { } job ? TypedResults.Ok(View(job)) : TypedResults.NotFound();

    public static OutcomeJobView View(OutcomeJob j) => new(j.Id, j.Program, j.AsOf, j.Status, j.Progress.Stage, j.Percent, j.Result, j.Error);

    private static async Task<IResult> Members(string? report, string? measure, string? year, string? quarter, string? key, string? county, int? page,
        HttpContext http, ReportMembers members, CancellationToken ct)
    {
        if (ReportMembers.Validate(report, measure) is { } error)
        {
            return Invalid(report is "ecm" or "community-supports" ? "measure" : "report", error);
        }

        if (!TryQuarter(year, quarter, out var q, out var problem))
        {
            return problem!;
        }

        var result = await members.HandleAsync(new ReportMembers.Input(Plan(http), report!, measure!, q, key, county, page ?? 1), http.Request.Path + http.Request.QueryString, ct);
        return TypedResults.Ok(result);
    }

    private static IResult Svg(HttpContext http, string svg)
    {
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        http.Response.Headers.CacheControl = "private, max-age=60";
        return Results.Text(svg, "image/svg+xml");
    }

    private static async Task<IResult> EcmChart(string? year, string? quarter, HttpContext http, EcmQuarterlyReport report, CancellationToken ct) =>
        TryQuarter(year, quarter, out var q, out var problem) ? Svg(http, ReportCharts.EcmFunnel(await report.HandleAsync(new(Plan(http), q), ct))) : problem!;

    private static async Task<IResult> CsChart(string? year, string? quarter, HttpContext http, CommunitySupportsQuarterlyReport report, CancellationToken ct) =>
        TryQuarter(year, quarter, out var q, out var problem) ? Svg(http, ReportCharts.CommunitySupports(await report.HandleAsync(new(Plan(http), q), ct))) : problem!;

    private static async Task<IResult> OutcomesChart(Guid id, HttpContext http, OutcomeJobs jobs, CancellationToken ct) =>
        await jobs.FindAsync(id, Plan(http), ct) is { Result: { } result } ? Svg(http, ReportCharts.Outcomes(result)) : Results.NotFound();
}
