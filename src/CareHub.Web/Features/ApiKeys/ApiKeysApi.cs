using CareHub.Audit;
using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.ApiKeys;

/// <summary>Per-organization API keys for system-to-system calls. A plan administrator manages their plan's keys.</summary>
public static class ApiKeysApi
{
    public sealed record CreateApiKey(string? Name, string? Role);

    public sealed record ApiKeyDto(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    public sealed record CreatedApiKey(Guid Id, string Name, string Role, string Key);

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/apikeys").WithTags("API keys").RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin));
        g.MapGet("/", List);
        g.MapPost("/", Create).WithSummary("Creates a key; the key itself is shown only in this response.");
        g.MapDelete("/{id:guid}", Revoke);
        return app;
    }

    private static async Task<Ok<List<ApiKeyDto>>> List(HttpContext http, CareHubDbContext db)
    {
        var org = http.User.GetOrganizationId();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == org).OrderBy(k => k.Name).ToListAsync();
        return TypedResults.Ok(keys.Select(k => new ApiKeyDto(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToList());
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> Create(CreateApiKey request, HttpContext http, CareHubDbContext db, AuditTrail audit, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        var role = request.Role ?? Roles.PlanCareManager;
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["A name is required (e.g. the system that will use the key)."];
        }

        if (!Roles.IsKnown(role) || Roles.OrganizationTypeFor(role) != OrganizationType.Plan)
        {
            errors["role"] = [$"A plan's key may act as {Roles.PlanAdmin} or {Roles.PlanCareManager}, not '{role}'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (key, prefix, hash) = CareHub.Organizations.ApiKeys.NewKey();
        var apiKey = new ApiKey
        {
            OrganizationId = http.User.GetOrganizationId()!.Value,
            Name = request.Name!.Trim(),
            Role = role,
            Prefix = prefix,
            SecretHash = hash,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = http.User.Identity?.Name,
        };
        db.ApiKeys.Add(apiKey);
        audit.Add(AuditActions.ApiKeyCreated, null, $"/api/apikeys/{apiKey.Id}", $"{apiKey.Name} ({role})");
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/apikeys/{apiKey.Id}", new CreatedApiKey(apiKey.Id, apiKey.Name, role, key));
    }

    private static async Task<Results<NoContent, NotFound>> Revoke(Guid id, HttpContext http, CareHubDbContext db, AuditTrail audit, TimeProvider clock, ApiKeyCache keys)
    {
        var org = http.User.GetOrganizationId();
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.OrganizationId == org);
        if (key is null)
        {
            return TypedResults.NotFound();
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            audit.Add(AuditActions.ApiKeyRevoked, null, $"/api/apikeys/{key.Id}", $"{key.Name} ({key.Role}, {key.Prefix})");
        }

        await db.SaveChangesAsync();
        keys.Forget(key.Id);
        return TypedResults.NoContent();
    }
}
