using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// The outbox's leases. A lease is a random token (32 characters, whatever the host name) and an expiry, written by
/// conditional updates only: a row is claimed when it is due and its lease has run out, renewed only by the holder
/// while the lease still runs, and completed only by the holder. Of one referral's events for one subscription only
/// the oldest undelivered one can be claimed, so a receiver gets them in order even from several instances.
/// </summary>
public static class OutboxLeases
{
    public static string NewToken() => Guid.NewGuid().ToString("N");

    /// <summary>Claims up to <paramref name="limit"/> due rows for <paramref name="token"/> until
    /// <paramref name="now"/> + <paramref name="lease"/>; returns them (untracked) in outbox order.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(CareHubDbContext db, string token, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        var until = now.Add(lease);
        if (db.Database.IsNpgsql())
        {
            // One statement: rows another transaction is claiming are skipped, and the outer condition is checked
            // again on the newest version of each row, so a row is never claimed twice while its lease runs. The
            // rows are chosen once (a materialized CTE) and a row's earlier pending event is looked up by index
            // (a scalar subquery the planner cannot turn into a join): planned as joins on a freshly filled table,
            // the choice was re-run for every pending row and a claim of 2,000 rows took over 30 seconds.
            var ids = await db.Database.SqlQuery<long>($"""
                WITH claim AS MATERIALIZED (
                    SELECT c."Id" FROM outbox_messages AS c
                    WHERE c."DeliveredAt" IS NULL AND c."FailedAt" IS NULL AND c."NextAttemptAt" <= {now}
                      AND (c."LeasedUntil" IS NULL OR c."LeasedUntil" < {now})
                      AND c."Id" = (SELECT min(p."Id") FROM outbox_messages AS p
                          WHERE p."SubscriptionId" = c."SubscriptionId" AND p."ReferralId" = c."ReferralId"
                            AND p."DeliveredAt" IS NULL AND p."FailedAt" IS NULL)
                    ORDER BY c."Id" LIMIT {limit}
                    FOR UPDATE OF c SKIP LOCKED)
                UPDATE outbox_messages AS m SET "LeasedUntil" = {until}, "LeasedBy" = {token}
                FROM claim
                WHERE m."Id" = claim."Id"
                  AND m."DeliveredAt" IS NULL AND m."FailedAt" IS NULL AND (m."LeasedUntil" IS NULL OR m."LeasedUntil" < {now})
                RETURNING m."Id" AS "Value"
                """).ToListAsync(ct);
            return ids.Count == 0 ? [] : await LoadOrReleaseAsync(db, token, db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id)), ct);
        }

        // SQLite runs one writer at a time, so the conditional update below is atomic; the token then names the rows.
        var due = db.OutboxMessages
            .Where(m => m.DeliveredAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil < now)
                && !db.OutboxMessages.Any(p => p.SubscriptionId == m.SubscriptionId && p.ReferralId == m.ReferralId && p.Id < m.Id
                    && p.DeliveredAt == null && p.FailedAt == null))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(limit);
        var claimed = await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.DeliveredAt == null && m.FailedAt == null && (m.LeasedUntil == null || m.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, until).SetProperty(m => m.LeasedBy, token), ct);
        // The rows just claimed are pending: saying so lets the lookup use the pending rows' index.
        return claimed == 0 ? [] : await LoadOrReleaseAsync(db, token,
            db.OutboxMessages.AsNoTracking().Where(m => m.LeasedBy == token && m.DeliveredAt == null && m.FailedAt == null), ct);
    }

    /// <summary>Loads claimed rows in outbox order; rows that cannot be loaded are released at once rather than left
    /// to wait for their lease to run out.</summary>
    private static async Task<IReadOnlyList<OutboxMessage>> LoadOrReleaseAsync(CareHubDbContext db, string token, IQueryable<OutboxMessage> claimed, CancellationToken ct)
    {
        try
        {
            return await claimed.OrderBy(m => m.Id).ToListAsync(ct);
        }
        catch (Exception)
        {
            await TryReleaseAsync(db, token);
            throw;
        }
    }

    /// <summary>Releases the rows of <paramref name="token"/> if the database lets it; otherwise their lease runs out.</summary>
    public static async Task<bool> TryReleaseAsync(CareHubDbContext db, string token, long? id = null)
    {
        try
        {
            return await ReleaseAsync(db, token, id, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Extends the holder's lease to <paramref name="now"/> + <paramref name="lease"/> if it still runs;
    /// false when it ran out or another instance holds the row now.</summary>
    public static async Task<bool> RenewAsync(CareHubDbContext db, long id, string token, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        var until = now.Add(lease);
        return await db.OutboxMessages
            .Where(m => m.Id == id && m.LeasedBy == token && m.LeasedUntil > now && m.DeliveredAt == null && m.FailedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, until), ct) == 1;
    }

    /// <summary>Gives up the holder's lease on rows it has not sent (all rows of <paramref name="token"/>, or the one
    /// <paramref name="id"/>) without counting an attempt, so any instance may claim them at once; false when none was
    /// held.</summary>
    public static async Task<bool> ReleaseAsync(CareHubDbContext db, string token, long? id, CancellationToken ct) =>
        await db.OutboxMessages.Where(m => m.LeasedBy == token && (id == null || m.Id == id) && m.DeliveredAt == null && m.FailedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null).SetProperty(m => m.LeasedBy, (string?)null), ct) > 0;

    /// <summary>Saves the result of one attempt and releases the lease, only if the caller still holds it; the attempt
    /// is counted in the same statement.</summary>
    public static async Task<bool> CompleteAsync(CareHubDbContext db, long id, string token, AttemptOutcome outcome, CancellationToken ct) =>
        await db.OutboxMessages.Where(m => m.Id == id && m.LeasedBy == token && m.DeliveredAt == null && m.FailedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, m => m.Attempts + (outcome.Attempted ? 1 : 0))
                .SetProperty(m => m.DeliveredAt, outcome.DeliveredAt)
                .SetProperty(m => m.FailedAt, outcome.FailedAt)
                .SetProperty(m => m.NextAttemptAt, m => outcome.NextAttemptAt ?? m.NextAttemptAt)
                .SetProperty(m => m.LastError, outcome.Error)
                .SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LeasedBy, (string?)null), ct) == 1;

    /// <summary>What one attempt changes on its row.</summary>
    public sealed record AttemptOutcome(bool Attempted, DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt, DateTimeOffset? NextAttemptAt, string? Error);
}
