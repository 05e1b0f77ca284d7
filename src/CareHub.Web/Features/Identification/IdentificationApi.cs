using CareHub.Common;
using CareHub.Identification;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareHub.Web.Features.Identification;

public static class IdentificationSetup
{
    public static IServiceCollection AddIdentification(this IServiceCollection services)
    {
        services.AddSingleton<IPopulationRuleSource, CatalogPopulationRuleSource>();
        services.AddSingleton<IdentificationQueue>();
        services.AddHostedService<IdentificationWorker>();
        services.AddScoped<IdentificationRunner>();
        services.AddScoped<IdentificationQueries>();
        services.AddScoped<Demo.IDemoDataContributor, IdentificationDemoData>();
        return services;
    }
}

/// <summary>Identification runs over the plan's members in the database: start one, read counts, drill down to
/// members with evidence, export CSV, and a member's own determinations.</summary>
public static class IdentificationApi
{
    public sealed record StartRun(DateOnly? AsOf, string? Rules);

    public sealed record RunDetail(RunSummary Run, IReadOnlyList<CountRow> Counts);

    public sealed record DeterminationPage(IReadOnlyList<DeterminationRow> Items, int Total);

    public static IEndpointRouteBuilder MapIdentificationApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/identification/runs").WithTags("Identification").RequireAuthorization(p => p.RequireRole(Roles.PlanRoles.Split(',')));
        g.MapPost("/", Start).WithSummary("Starts a run for the caller's plan: {asOf: YYYY-MM-DD (default today), rules: current|2022}. Answers 202 with the run.");
        g.MapGet("/", List);
        g.MapGet("/{id:guid}", Get).WithSummary("A run with counts of members eligible and to confirm (pending attestations) by population × county × health network × dual status.");
        g.MapGet("/{id:guid}/determinations", Determinations).WithSummary("Drill-down: ?population=&county=&healthNetwork=&dual=dual|medi-cal-only&eligible=&status=identified|eligible|to-confirm|excluded&page=");
        g.MapGet("/{id:guid}/export", Export).WithSummary("Identified members (eligible, and to confirm with the statements at the end of the evidence) as CSV: member_id,population,rule_version,evidence.");
        g.MapGet("/{id:guid}/diff", Diff).WithSummary("Newly identified and no longer identified (eligible or to confirm) against the previous completed run.");
        app.MapGet("/api/members/{memberId:guid}/determinations", ForMember).WithTags("Identification")
            .RequireAuthorization(p => p.RequireRole(Roles.MemberViewers.Split(',')));
        return app;
    }

    private static Guid Plan(HttpContext http) => http.User.GetOrganizationId()!.Value;

    private static async Task<Results<Accepted<RunSummary>, ProblemHttpResult>> Start(StartRun body, HttpContext http, IdentificationRunner runner,
        IdentificationQueue queue, IdentificationQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var rules = string.IsNullOrWhiteSpace(body.Rules) ? PopulationRuleSelection.Current : body.Rules.Trim();
        if (rules is not (PopulationRuleSelection.Current or "2022"))
        {
            return TypedResults.Problem($"Unknown rule set '{rules}'. Use current or 2022.", statusCode: 400, title: "Invalid rules");
        }

        var asOf = body.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var run = await runner.QueueAsync(Plan(http), asOf, rules, http.User.Identity?.Name, ct);
        await queue.EnqueueAsync(run.Id);
        var summary = (await queries.RunAsync(Plan(http), run.Id, ct))!;
        return TypedResults.Accepted($"/api/identification/runs/{run.Id}", summary);
    }

    private static async Task<Ok<IReadOnlyList<RunSummary>>> List(HttpContext http, IdentificationQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.RunsAsync(Plan(http), ct));

    private static async Task<Results<Ok<RunDetail>, NotFound>> Get(Guid id, HttpContext http, IdentificationQueries queries, CancellationToken ct)
    {
        var run = await queries.RunAsync(Plan(http), id, ct);
        return run is null ? TypedResults.NotFound() : TypedResults.Ok(new RunDetail(run, await queries.CountsAsync(id, ct)));
    }

    private static async Task<Results<Ok<DeterminationPage>, NotFound, ValidationProblem>> Determinations(Guid id, string? population, string? county,
        string? healthNetwork, string? dual, bool? eligible, string? status, int? page, int? pageSize, HttpContext http, IdentificationQueries queries,
        CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(status) && !DeterminationStatuses.All.Contains(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"Unknown status '{status}'. Use one of: {string.Join(", ", DeterminationStatuses.All)}."],
            });
        }

        if (await queries.RunAsync(Plan(http), id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        var (items, total) = await queries.DeterminationsAsync(id,
            new DeterminationFilter(population, county, healthNetwork, dual, eligible, page ?? 1, pageSize ?? 50, string.IsNullOrEmpty(status) ? null : status),
            http.Request.Path + http.Request.QueryString, ct);
        return TypedResults.Ok(new DeterminationPage(items, total));
    }

    private static async Task<IResult> Export(Guid id, string? population, string? county, HttpContext http, IdentificationQueries queries, CancellationToken ct)
    {
        var run = await queries.RunAsync(Plan(http), id, ct);
        if (run is null)
        {
            return Results.NotFound();
        }

        var csv = await queries.ExportCsvAsync(id, new DeterminationFilter(population, county, null, null, null, Status: DeterminationStatuses.Identified), http.Request.Path, ct);
        return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv", $"identification-{run.AsOf:yyyy-MM-dd}-{id.ToString()[..8]}.csv");
    }

    private static async Task<Results<Ok<RunDiff>, NotFound>> Diff(Guid id, HttpContext http, IdentificationQueries queries, CancellationToken ct) =>
        await queries.RunAsync(Plan(http), id, ct) is null ? TypedResults.NotFound() : TypedResults.Ok(await queries.DiffAsync(Plan(http), id, http.Request.Path, ct));

    private static async Task<Results<Ok<DeterminationPage>, NotFound>> ForMember(Guid memberId, HttpContext http, IdentificationQueries queries,
        Members.MemberQueries members, CancellationToken ct)
    {
        if (await members.GetAsync(memberId, http.Request.Path, ct) is null)
        {
            return TypedResults.NotFound();
        }

        var (_, items) = await queries.ForMemberAsync(memberId, ct);
        return TypedResults.Ok(new DeterminationPage(items, items.Count));
    }
}
