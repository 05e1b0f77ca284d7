using System.Collections.Concurrent;
using CareHub.Referrals;
using CareHub.Testing;
using CareHub.Web.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Tests.Referrals;

/// <summary>Retention of the webhook outbox, on an app whose own dispatcher and cleanup are off, so each test drives
/// the cleanups it needs.</summary>
public abstract class OutboxRetentionTests(CareHubApp app) : IAsyncDisposable
{
    private TestSubscriptions? _subscriptions;

    private CareHubApp App { get { app.Require(); return app; } }

    private TestSubscriptions Subscriptions => _subscriptions ??= new TestSubscriptions(App);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_subscriptions is not null)
        {
            await _subscriptions.DisposeAsync();
        }
    }

    private OutboxRetention Retention(WebhookOptions options, ILogger<OutboxRetention>? log = null) => log is null
        ? ActivatorUtilities.CreateInstance<OutboxRetention>(App.Services, Options.Create(options))
        : ActivatorUtilities.CreateInstance<OutboxRetention>(App.Services, Options.Create(options), log);

    private async Task<Guid> SubscriptionAsync() => (await Subscriptions.AddAsync()).Id;

    private static DateTimeOffset DaysAgo(double days) => DateTimeOffset.UtcNow.AddDays(-days);

    /// <summary>An event created <paramref name="createdDaysAgo"/> days ago, in whatever state <paramref name="state"/> puts it.</summary>
    private static OutboxMessage Event(Guid subscription, double createdDaysAgo, Action<OutboxMessage>? state = null)
    {
        var at = DaysAgo(createdDaysAgo);
        var e = new OutboxMessage { SubscriptionId = subscription, ReferralId = Guid.NewGuid(), EventType = Webhooks.StatusChanged, Payload = "{}", CreatedAt = at, NextAttemptAt = at };
        state?.Invoke(e);
        return e;
    }

    private static void Delivered(OutboxMessage e, double daysAgo)
    {
        e.Attempts = 1;
        e.DeliveredAt = DaysAgo(daysAgo);
    }

    private static void Failed(OutboxMessage e, double daysAgo)
    {
        e.Attempts = Webhooks.MaxAttempts;
        e.FailedAt = DaysAgo(daysAgo);
        e.LastError = WebhookDispatcher.NotConfirmed;
    }

    private async Task<List<OutboxMessage>> SaveAsync(IEnumerable<OutboxMessage> events)
    {
        var list = events.ToList();
        await using var db = App.SystemDb();
        db.AddRange(list);
        await db.SaveChangesAsync();
        return list;
    }

    private async Task<HashSet<long>> RemainingAsync(Guid subscription)
    {
        await using var db = App.SystemDb();
        return [.. await db.OutboxMessages.Where(m => m.SubscriptionId == subscription).Select(m => m.Id).ToListAsync()];
    }

    [Fact]
    public async Task OldDeliveredEventsAreRemoved_RecentOnesAndPendingAndLeasedOnesAreKept()
    {
        var sub = await SubscriptionAsync();
        var oldDelivered = await SaveAsync(Enumerable.Range(0, 5).Select(i => Event(sub, 40, e => Delivered(e, 31 + i))));
        var recentDelivered = await SaveAsync(Enumerable.Range(0, 3).Select(i => Event(sub, 40, e => Delivered(e, 29 - i))));
        var kept = recentDelivered.Concat(await SaveAsync(
        [
            // Waiting for a retry for months, with an error from its last attempt.
            Event(sub, 120, e => (e.Attempts, e.LastError, e.NextAttemptAt) = (5, WebhookDispatcher.NotConfirmed, DaysAgo(1))),
            // Being sent right now by some instance.
            Event(sub, 120, e => (e.LeasedBy, e.LeasedUntil) = (OutboxLeases.NewToken(), DateTimeOffset.UtcNow.AddMinutes(1))),
            // Its lease ran out long ago without a result: still pending, sent again by the next claim.
            Event(sub, 120, e => (e.LeasedBy, e.LeasedUntil, e.Attempts) = (OutboxLeases.NewToken(), DaysAgo(100), 1)),
        ])).ToList();

        var log = new CollectingLogger();
        var removed = await Retention(new WebhookOptions { CleanupBatchSize = 2 }, log).CleanOnceAsync();

        removed.ShouldBe(new OutboxRetention.Removed(5, 0));
        var remaining = await RemainingAsync(sub);
        remaining.ShouldBe(kept.Select(e => e.Id), ignoreOrder: true);
        oldDelivered.ShouldAllBe(e => !remaining.Contains(e.Id));
        log.Entries.ShouldContain(e => e.Level == LogLevel.Information && e.Message.StartsWith("Removed 5 webhook events delivered before", StringComparison.Ordinal) && e.Message.Contains("and 0 failed before"));

        // Nothing is left to remove: a second round removes nothing and says nothing.
        var again = new CollectingLogger();
        (await Retention(new WebhookOptions(), again).CleanOnceAsync()).ShouldBe(new OutboxRetention.Removed(0, 0));
        again.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task FailedEventsFollowTheirOwnPeriod()
    {
        var sub = await SubscriptionAsync();
        await SaveAsync([Event(sub, 100, e => Failed(e, 91)), Event(sub, 100, e => Failed(e, 95))]);
        var failedWithinPeriod = await SaveAsync([Event(sub, 100, e => Failed(e, 31)), Event(sub, 100, e => Failed(e, 89))]);
        await SaveAsync([Event(sub, 100, e => Delivered(e, 31))]);

        var removed = await Retention(new WebhookOptions()).CleanOnceAsync();

        // Failed events older than 30 days stay for the 90 days an administrator has to look at them.
        removed.ShouldBe(new OutboxRetention.Removed(1, 2));
        (await RemainingAsync(sub)).ShouldBe(failedWithinPeriod.Select(e => e.Id), ignoreOrder: true);

        // Each period is configured on its own.
        var shorter = await SaveAsync([Event(sub, 20, e => Failed(e, 6)), Event(sub, 20, e => Delivered(e, 6))]);
        removed = await Retention(new WebhookOptions { KeepFailed = TimeSpan.FromDays(5), KeepDelivered = TimeSpan.FromDays(10) }).CleanOnceAsync();
        removed.ShouldBe(new OutboxRetention.Removed(0, 3));
        (await RemainingAsync(sub)).ShouldBe([shorter[1].Id]);
    }

    [Fact]
    public async Task TwoInstancesCleaningAtOnce_RemoveEachEventOnce_WithoutError()
    {
        var sub = await SubscriptionAsync();
        await SaveAsync(Enumerable.Range(0, 1200).Select(i => Event(sub, 60, e => Delivered(e, 31 + (i % 20)))));
        await SaveAsync(Enumerable.Range(0, 300).Select(i => Event(sub, 200, e => Failed(e, 91 + (i % 20)))));
        var kept = await SaveAsync(Enumerable.Range(0, 50).Select(i => Event(sub, 60, e => Delivered(e, 1))).Append(Event(sub, 60)));

        var options = new WebhookOptions { CleanupBatchSize = 40 };
        var first = Retention(options);
        var second = Retention(options);
        using var start = new SemaphoreSlim(0);
        var runs = new[] { first, second }.Select(r => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await r.CleanOnceAsync();
        })).ToList();
        start.Release(2);
        var removed = await Task.WhenAll(runs);

        removed.Sum(r => r.Delivered).ShouldBe(1200);
        removed.Sum(r => r.Failed).ShouldBe(300);
        (await RemainingAsync(sub)).ShouldBe(kept.Select(e => e.Id), ignoreOrder: true);
    }

    [Fact]
    public async Task TheWebhooksPage_SaysHowLongEventsAreCounted()
    {
        await SubscriptionAsync();
        var page = await App.PageClientAsync("planadmin@example.org");
        var html = await page.GetStringAsync("/referrals/webhooks");
        html.ShouldContain("Delivered events are counted here for 30 days and events that failed for good, with their last error, for 90 days");
        html.ShouldContain("Delivered (last 30 days)");
        html.ShouldContain("Failed (last 90 days)");
    }

    private sealed class CollectingLogger : ILogger<OutboxRetention>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}

public sealed class OutboxRetentionTests_Sqlite(OutboxDispatchSqliteApp app) : OutboxRetentionTests(app), IClassFixture<OutboxDispatchSqliteApp>;

public sealed class OutboxRetentionTests_Postgres(OutboxDispatchPostgresApp app) : OutboxRetentionTests(app), IClassFixture<OutboxDispatchPostgresApp>;
