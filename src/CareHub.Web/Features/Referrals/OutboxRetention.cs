using CareHub.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// Removes outbox rows delivered longer ago than <see cref="WebhookOptions.KeepDelivered"/> and rows whose attempts
/// ran out longer ago than <see cref="WebhookOptions.KeepFailed"/>, oldest first, in batches of
/// <see cref="WebhookOptions.CleanupBatchSize"/>, shortly after start-up and then every
/// <see cref="WebhookOptions.CleanupInterval"/>. Pending and leased rows are never touched. Every instance runs it: on
/// PostgreSQL a batch skips the rows another instance is removing at that moment, so two instances remove each row
/// once, without waiting on each other; SQLite takes one writer at a time.
/// </summary>
public sealed class OutboxRetention(IServiceProvider services, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<OutboxRetention> log) : BackgroundService
{
    /// <summary>The wait after start-up before the first cleanup, so it does not compete with starting.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(1);

    private WebhookOptions Options => options.Value;

    /// <summary>Rows removed by one cleanup.</summary>
    public sealed record Removed(int Delivered, int Failed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.Enabled || Options.CleanupInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(FirstDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(Options.CleanupInterval, clock);
            do
            {
                try
                {
                    await CleanOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "Removing old webhook outbox events failed; trying again in {Interval}", Options.CleanupInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Removes every row past its retention, batch by batch, and logs how many.</summary>
    public async Task<Removed> CleanOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var delivered = await RemoveAsync(failed: false, now - Options.KeepDelivered, ct);
        var failed = await RemoveAsync(failed: true, now - Options.KeepFailed, ct);
        if (delivered > 0 || failed > 0)
        {
            log.LogInformation("Removed {Delivered} webhook events delivered before {DeliveredBefore:u} and {Failed} failed before {FailedBefore:u} from the outbox",
                delivered, now - Options.KeepDelivered, failed, now - Options.KeepFailed);
        }

        return new Removed(delivered, failed);
    }

    private async Task<int> RemoveAsync(bool failed, DateTimeOffset before, CancellationToken ct)
    {
        var batch = Math.Max(1, Options.CleanupBatchSize);
        var total = 0;
        while (true)
        {
            await using var scope = WebSetup.CreateSystemScope(services);
            var db = scope.ServiceProvider.GetRequiredService<CareHubDbContext>();
            var removed = await RemoveBatchAsync(db, failed, before, batch, ct);
            total += removed;

            // A short batch means nothing older is left, or the rest is being removed by another instance right now.
            if (removed < batch)
            {
                return total;
            }
        }
    }

    /// <summary>Removes up to <paramref name="batch"/> of the oldest rows delivered (or failed) before
    /// <paramref name="before"/>; returns how many.</summary>
    public static async Task<int> RemoveBatchAsync(CareHubDbContext db, bool failed, DateTimeOffset before, int batch, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            // Rows another instance's batch holds are skipped rather than waited for: no instance waits on another,
            // and none can deadlock with another by taking the same rows in a different order. The batch is chosen once
            // (a materialized CTE), as in the claim, so no plan can run the locking choice again for every row.
            return failed
                ? await db.Database.ExecuteSqlAsync($"""
                    WITH batch AS MATERIALIZED (
                        SELECT "Id" FROM outbox_messages
                        WHERE "FailedAt" IS NOT NULL AND "FailedAt" < {before} AND "LeasedBy" IS NULL
                        ORDER BY "FailedAt" LIMIT {batch}
                        FOR UPDATE SKIP LOCKED)
                    DELETE FROM outbox_messages AS m USING batch WHERE m."Id" = batch."Id"
                    """, ct)
                : await db.Database.ExecuteSqlAsync($"""
                    WITH batch AS MATERIALIZED (
                        SELECT "Id" FROM outbox_messages
                        WHERE "DeliveredAt" IS NOT NULL AND "DeliveredAt" < {before} AND "LeasedBy" IS NULL
                        ORDER BY "DeliveredAt" LIMIT {batch}
                        FOR UPDATE SKIP LOCKED)
                    DELETE FROM outbox_messages AS m USING batch WHERE m."Id" = batch."Id"
                    """, ct);
        }

        // SQLite runs one writer at a time, so a batch never meets another's rows half removed.
        return failed
            ? await db.OutboxMessages.Where(m => m.FailedAt != null && m.FailedAt < before && m.LeasedBy == null)
                .OrderBy(m => m.FailedAt).Take(batch).ExecuteDeleteAsync(ct)
            : await db.OutboxMessages.Where(m => m.DeliveredAt != null && m.DeliveredAt < before && m.LeasedBy == null)
                .OrderBy(m => m.DeliveredAt).Take(batch).ExecuteDeleteAsync(ct);
    }
}
