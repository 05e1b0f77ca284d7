using CareHub.Common;

namespace CareHub.Web.Features.ApiKeys;

/// <summary>Per-organization API keys for system-to-system calls. A plan administrator manages their plan's keys.</summary>
public static class ApiKeysApi
{
    public sealed record ApiKeyDto(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    public static IServiceCollection AddApiKeys(this IServiceCollection services) => services
        .AddScoped<ApiKeyWriter>()
        .AddScoped<CreateApiKey>()
        .AddScoped<RevokeApiKey>();

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/apikeys").WithTags("API keys").RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin));
        g.MapGet("/", List);
        g.MapPost("/", async (NewApiKeyInput body, CreateApiKey create, CancellationToken ct) =>
                (await create.HandleAsync(body, id => $"/api/apikeys/{id}", ct)).ToHttp(k => $"/api/apikeys/{k.Id}"))
            .WithSummary("Creates a key; the key itself is shown only in this response.");
        g.MapDelete("/{id:guid}", async (Guid id, RevokeApiKey revoke, CancellationToken ct) =>
            {
                var revoked = await revoke.HandleAsync(id, $"/api/apikeys/{id}", ct);
                return revoked.Succeeded ? Results.NoContent() : revoked.ToProblem();
            })
            .WithSummary("Revokes a key; it stops working at once. Revoking a revoked key changes nothing.");
        return app;
    }

    private static async Task<IResult> List(ApiKeyWriter writer, CancellationToken ct)
    {
        if (writer.PlanId is not { } planId)
        {
            return ApiKeyWriter.NotAPlan<ApiKeyDto>().ToProblem();
        }

        var keys = await writer.KeysAsync(planId, ct);
        return TypedResults.Ok(keys.Select(k => new ApiKeyDto(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToList());
    }
}
