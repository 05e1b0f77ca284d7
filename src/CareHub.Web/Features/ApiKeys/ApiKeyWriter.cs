using CareHub.Audit;
using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.ApiKeys;

/// <summary>The one place a plan's API keys change, from the page and the JSON API: it finds a key among the caller's
/// plan's own (another organization's is not found) and saves the change with its audit entry in one
/// <c>SaveChanges</c>; a revoked key stops working on every instance within the key cache's lifetime and at once on
/// this one.</summary>
public sealed class ApiKeyWriter(CareHubDbContext db, AuditTrail audit, TimeProvider clock, ApiKeyCache cache)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The caller's plan; null when the caller does not act for a plan.</summary>
    public Guid? PlanId => db.Scope.OrganizationType == OrganizationType.Plan ? db.Scope.OrganizationId : null;

    public string? UserName => db.Scope.UserName;

    public static Outcome<T> NotAPlan<T>() => Outcome<T>.Forbidden("Only a plan administrator manages API keys.");

    /// <summary>The plan's keys, by name.</summary>
    public async Task<IReadOnlyList<ApiKey>> KeysAsync(Guid planId, CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == planId).OrderBy(k => k.Name).ThenBy(k => k.CreatedAt).ToListAsync(ct);

    /// <summary>The key, tracked for a change, when it is the caller's plan's.</summary>
    public async Task<ApiKey?> FindAsync(Guid id, CancellationToken ct) =>
        PlanId is { } planId ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.OrganizationId == planId, ct) : null;

    public void Add(ApiKey key, string target)
    {
        db.ApiKeys.Add(key);
        audit.Add(AuditActions.ApiKeyCreated, null, target, $"{key.Name} ({key.Role})");
    }

    public void Revoke(ApiKey key, string target)
    {
        key.RevokedAt = Now;
        audit.Add(AuditActions.ApiKeyRevoked, null, target, $"{key.Name} ({key.Role}, {key.Prefix})");
    }

    public async Task<Outcome<T>> SaveAsync<T>(Outcome<T> result, Guid? revoked, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        if (revoked is { } id)
        {
            cache.Forget(id);
        }

        return result;
    }
}
