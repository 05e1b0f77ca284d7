using CareHub.Common;

namespace CareHub.Web.Features.ApiKeys;

/// <summary>The key revoked (or already revoked before).</summary>
public sealed record RevokedApiKey(Guid Id, string Name, DateTimeOffset RevokedAt);

/// <summary>A plan administrator revokes one of the plan's keys; revoking a revoked key changes nothing.</summary>
public sealed class RevokeApiKey(ApiKeyWriter writer)
{
    public async Task<Outcome<RevokedApiKey>> HandleAsync(Guid id, string target, CancellationToken ct = default)
    {
        if (writer.PlanId is null)
        {
            return ApiKeyWriter.NotAPlan<RevokedApiKey>();
        }

        var key = await writer.FindAsync(id, ct);
        if (key is null)
        {
            return Outcome<RevokedApiKey>.NotFound($"API key {id} was not found among your plan's.");
        }

        if (key.RevokedAt is { } already)
        {
            return Outcome<RevokedApiKey>.Ok(new RevokedApiKey(key.Id, key.Name, already));
        }

        writer.Revoke(key, target);
        return await writer.SaveAsync(Outcome<RevokedApiKey>.Ok(new RevokedApiKey(key.Id, key.Name, key.RevokedAt!.Value)), key.Id, ct);
    }
}
