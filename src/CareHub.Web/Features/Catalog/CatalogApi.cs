using CareHub.Catalog;
using CareHub.Common;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareHub.Web.Features.Catalog;

/// <summary>The program catalog as of a date, plan offerings and the county matrix. Anyone signed in may read;
/// a plan administrator changes their own plan's offerings.</summary>
public static class CatalogApi
{
    public sealed record NewOffering(string? County, string? CommunitySupportCode, DateOnly? Start, DateOnly? End);

    public sealed record EndOffering(DateOnly? End);

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/catalog").WithTags("Catalog");
        g.MapGet("/populations", Populations).WithSummary("Populations of Focus with the rule version in effect on ?asOf=YYYY-MM-DD (default today).");
        g.MapGet("/community-supports", CommunitySupports).WithSummary("Community Supports in the catalog on ?asOf= with limits and billing codes.");
        g.MapGet("/ecm-exclusions", Exclusions).WithSummary("ECM exclusion and non-duplication rules in effect on ?asOf=.");
        g.MapGet("/rules/{code}", History).WithSummary("Every rule version of a Population of Focus or Community Support, oldest first.");
        g.MapGet("/offerings", Offerings).WithSummary("Plan offerings in effect on ?asOf= (all dates when omitted), optionally for one ?county=.");
        g.MapPost("/offerings", AddOffering).RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin))
            .WithSummary("Adds an offering for the caller's plan; starts only on January 1 or July 1; no overlaps.");
        g.MapPost("/offerings/{id:guid}/end", End).RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin));
        g.MapGet("/policies", Policies).RequireAuthorization(p => p.RequireRole(Roles.PlanRoles.Split(',')))
            .WithSummary("The caller's plan's own policies for Community Supports (criteria that narrow the state's, limits within the state's), with their sources.");
        g.MapPost("/policies", AddPolicy).RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin))
            .WithSummary("Adds a policy for the caller's plan: {communitySupportCode, effectiveFrom, effectiveTo?, criteria?, limits?, source, notes?}; limits must be within the state's.");
        g.MapPost("/policies/{id:guid}/end", EndPolicy).RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin))
            .WithSummary("Ends a policy of the caller's plan on {effectiveTo}.");
        g.MapGet("/matrix", Matrix).WithSummary("Plans × Community Supports with start dates for ?county= as of ?asOf=; ?format=csv for CSV.");
        return app;
    }

    private static async Task<IResult> Policies(HttpContext http, PlanPolicyService policies, CancellationToken ct) =>
        http.User.GetOrganizationId() is { } plan ? Results.Ok(await policies.ListAsync(plan, ct)) : Results.Forbid();

    private static async Task<IResult> AddPolicy(PlanPolicyInput body, HttpContext http, PlanPolicyService policies, CancellationToken ct)
    {
        if (http.User.GetOrganizationId() is not { } plan)
        {
            return Results.Forbid();
        }

        var (policy, errors) = await policies.AddAsync(plan, body, http.User.Identity?.Name, ct);
        return policy is null ? Results.ValidationProblem(errors, title: "The policy has problems") : Results.Created($"/api/catalog/policies/{policy.Id}", policy);
    }

    private static async Task<IResult> EndPolicy(Guid id, PlanPolicyEnd body, HttpContext http, PlanPolicyService policies, CancellationToken ct)
    {
        if (http.User.GetOrganizationId() is not { } plan)
        {
            return Results.Forbid();
        }

        var (policy, errors) = await policies.EndAsync(plan, id, body.EffectiveTo, http.User.Identity?.Name, ct);
        return policy is not null ? Results.Ok(policy)
            : errors.Count > 0 ? Results.ValidationProblem(errors, title: "The end date has problems")
            : Results.Problem($"Your plan has no policy {id}.", statusCode: 404, title: "Not found");
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static IResult Populations(DateOnly? asOf, ProgramCatalog catalog, TimeProvider clock) =>
        Results.Json(catalog.PopulationsAsOf(asOf ?? Today(clock)).Select(PopulationView.From), CatalogJson.Options);

    private static IResult CommunitySupports(DateOnly? asOf, ProgramCatalog catalog, TimeProvider clock) =>
        Results.Json(catalog.CommunitySupportsAsOf(asOf ?? Today(clock)).Select(CommunitySupportView.From), CatalogJson.Options);

    private static IResult Exclusions(DateOnly? asOf, ProgramCatalog catalog, TimeProvider clock) =>
        Results.Json(catalog.EcmExclusionsAsOf(asOf ?? Today(clock)), CatalogJson.Options);

    private static IResult History(string code, ProgramCatalog catalog)
    {
        var history = catalog.RuleHistory(code);
        return history.Count == 0
            ? Results.Problem($"No Population of Focus or Community Support has the code '{code}'.", statusCode: 404, title: "Unknown code")
            : Results.Json(history, CatalogJson.Options);
    }

    private static async Task<Ok<IReadOnlyList<OfferingDto>>> Offerings(string? county, DateOnly? asOf, Guid? planId, OfferingService offerings, CancellationToken ct) =>
        TypedResults.Ok(await offerings.ListAsync(county, asOf, planId, ct));

    private static async Task<Results<Created<OfferingDto>, ProblemHttpResult>> AddOffering(NewOffering body, HttpContext http, OfferingService offerings, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.County) || string.IsNullOrWhiteSpace(body.CommunitySupportCode) || body.Start is null)
        {
            return TypedResults.Problem("county, communitySupportCode and start (YYYY-MM-DD) are required.", statusCode: 400, title: "Incomplete offering");
        }

        var result = await offerings.AddAsync(http.User.GetOrganizationId()!.Value, body.County, body.CommunitySupportCode, body.Start.Value, body.End, http.User.Identity?.Name, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/catalog/offerings/{result.Value!.Id}", result.Value)
            : result.ToProblem();
    }

    private static async Task<Results<Ok<OfferingDto>, ProblemHttpResult>> End(Guid id, EndOffering body, HttpContext http, OfferingService offerings, CancellationToken ct)
    {
        if (body.End is null)
        {
            return TypedResults.Problem("end (YYYY-MM-DD, the last day offered) is required.", statusCode: 400, title: "Incomplete request");
        }

        var result = await offerings.EndAsync(http.User.GetOrganizationId()!.Value, id, body.End.Value, http.User.Identity?.Name, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }

    private static async Task<IResult> Matrix(string? county, DateOnly? asOf, string? format, OfferingService offerings, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(county))
        {
            return Results.Problem("Name a county: ?county=Los Angeles", statusCode: 400, title: "County required");
        }

        var matrix = await offerings.MatrixAsync(county.Trim(), asOf ?? Today(clock), ct);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return Results.File(System.Text.Encoding.UTF8.GetBytes(matrix.ToCsv()), "text/csv", $"community-supports-{matrix.County.Replace(' ', '-').ToLowerInvariant()}-{matrix.AsOf:yyyy-MM-dd}.csv");
        }

        return Results.Json(new
        {
            county = matrix.County,
            asOf = matrix.AsOf,
            services = matrix.Services.Select(s => new { code = s.Code, name = s.Name }),
            rows = matrix.Rows.Select(r => new
            {
                planId = r.PlanId,
                planName = r.PlanName,
                cells = r.Cells.Select(c => new { communitySupportCode = c.CommunitySupportCode, start = c.Offering?.Start, end = c.Offering?.End, inEffect = c.InEffect }),
            }),
        });
    }
}
