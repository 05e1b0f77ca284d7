using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Organizations;

public static class OrganizationsApi
{
    public sealed record OrganizationDto(Guid Id, string Name, string Type, IReadOnlyList<string> Counties, int? Capacity, IReadOnlyList<string> Languages)
    {
        public static OrganizationDto From(Organization o) => new(o.Id, o.Name, o.Type.ToCode(), o.Counties, o.Capacity, o.Languages);
    }

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/organizations").WithTags("Organizations");
        g.MapGet("/", List).WithSummary("The organization directory (plans, ECM providers, CBOs, the state); filter with ?type=plan|ecm-provider|cbo|state.");
        g.MapGet("/{id:guid}", Get);
        return app;
    }

    private static async Task<Results<Ok<List<OrganizationDto>>, ProblemHttpResult>> List(string? type, string? name, CareHubDbContext db)
    {
        var query = db.Organizations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(type))
        {
            if (!OrganizationTypes.TryParse(type, out var t))
            {
                return TypedResults.Problem($"Unknown organization type '{type}'. Use plan, ecm-provider, cbo or state.", statusCode: 400, title: "Invalid type");
            }

            query = query.Where(o => o.Type == t);
        }

        var list = await query.OrderBy(o => o.Name).ToListAsync();
        if (!string.IsNullOrWhiteSpace(name))
        {
            list = list.Where(o => o.Name.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        }

        return TypedResults.Ok(list.Select(OrganizationDto.From).ToList());
    }

    private static async Task<Results<Ok<OrganizationDto>, NotFound>> Get(Guid id, CareHubDbContext db)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id);
        return org is null ? TypedResults.NotFound() : TypedResults.Ok(OrganizationDto.From(org));
    }
}
