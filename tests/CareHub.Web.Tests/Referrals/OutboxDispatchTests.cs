using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CareHub.Referrals;
using CareHub.Testing;
using CareHub.Web.Features.Referrals;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Tests.Referrals;

/// <summary>An app configured as in Production for webhooks (private networks not allowed) whose own dispatcher is
/// off, so each test drives the dispatchers it needs on an outbox no other test writes to.</summary>
public abstract class OutboxDispatchApp(TestProvider provider) : CareHubApp(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("CareHub:Webhooks:Enabled", "false");
        builder.UseSetting("CareHub:Webhooks:AllowPrivateNetworks", "false");
    }
}

public sealed class OutboxDispatchSqliteApp() : OutboxDispatchApp(TestProvider.Sqlite);

public sealed class OutboxDispatchPostgresApp() : OutboxDispatchApp(TestProvider.Postgres);

public abstract class OutboxDispatchTests(CareHubApp app) : IAsyncDisposable
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

    private static WebhookOptions Fast(bool allowPrivate = true, TimeSpan? backoff = null) => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(100),
        BaseBackoff = backoff ?? TimeSpan.FromMilliseconds(100),
        MaxBackoff = backoff ?? TimeSpan.FromMilliseconds(200),
        AllowPrivateNetworks = allowPrivate,
    };

    private WebhookDispatcher Dispatcher(WebhookOptions options, ILogger<WebhookDispatcher>? log = null) => log is null
        ? ActivatorUtilities.CreateInstance<WebhookDispatcher>(App.Services, Options.Create(options))
        : ActivatorUtilities.CreateInstance<WebhookDispatcher>(App.Services, Options.Create(options), log);

    private Task<(Guid Id, string Secret)> SubscriptionAsync(string url, string? secret = null) => Subscriptions.AddAsync(url, secret);

    /// <summary>Writes events for <paramref name="referrals"/> referrals, <paramref name="perReferral"/> each, interleaved.</summary>
    private async Task<List<OutboxMessage>> EventsAsync(Guid subscription, int referrals, int perReferral = 1)
    {
        var ids = Enumerable.Range(0, referrals).Select(_ => Guid.NewGuid()).ToList();
        var rows = new List<OutboxMessage>();
        await using var db = App.SystemDb();
        for (var n = 0; n < perReferral; n++)
        {
            foreach (var r in ids)
            {
                var e = new OutboxMessage { SubscriptionId = subscription, ReferralId = r, EventType = Webhooks.StatusChanged, Payload = "", CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow };
                e.Payload = JsonSerializer.Serialize(new { id = e.EventId, referral = new { id = r }, seq = n });
                rows.Add(e);
            }
        }

        db.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    private async Task<List<OutboxMessage>> RowsAsync(Guid subscription)
    {
        await using var db = App.SystemDb();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.SubscriptionId == subscription).OrderBy(m => m.Id).ToListAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task DispatcherOnAHostWithA64CharacterName_ClaimsAndDelivers()
    {
        var (sub, secret) = await SubscriptionAsync("http://127.0.0.1:1/placeholder");
        using var receiver = new WebhookReceiver(secret);
        await using (var db = App.SystemDb())
        {
            await db.Set<WebhookSubscription>().Where(s => s.Id == sub).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, receiver.Url));
        }

        var events = await EventsAsync(sub, referrals: 5);
        var options = Fast();
        options.InstanceName = "carehub-web-production-7d9f8b6c5d-x2k4p-" + new string('q', 24);
        options.InstanceName.Length.ShouldBe(64);
        using var dispatcher = Dispatcher(options);

        (await dispatcher.DispatchOnceAsync()).ShouldBe(5);

        var rows = await RowsAsync(sub);
        rows.ShouldAllBe(r => r.DeliveredAt != null && r.Attempts == 1 && r.LeasedBy == null && r.LastError == null);
        receiver.Applied.Keys.ShouldBe(events.Select(e => e.EventId), ignoreOrder: true);
        receiver.BadSignatures.ShouldBe(0);
    }

    [Fact]
    public async Task TwoDispatchers_ReceiverSlowerThanTheLease_NeverSendOneRowAtOnce_AndCountAttemptsExactly()
    {
        var (sub, secret) = await SubscriptionAsync("http://127.0.0.1:1/placeholder");
        // Each request takes longer than the lease, and the first request of each event is answered 500.
        using var receiver = new WebhookReceiver(secret, delay: TimeSpan.FromSeconds(4), refuseFirstRequestOfEachEvent: true);
        await using (var db = App.SystemDb())
        {
            await db.Set<WebhookSubscription>().Where(s => s.Id == sub).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, receiver.Url));
        }

        var events = await EventsAsync(sub, referrals: 4, perReferral: 2);
        var options = Fast();
        options.Lease = TimeSpan.FromSeconds(3);
        options.Timeout = TimeSpan.FromSeconds(20);
        using var a = Dispatcher(options);
        using var b = Dispatcher(options);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => (await RowsAsync(sub)).All(r => r.DeliveredAt != null), TimeSpan.FromSeconds(50), "every event was delivered");
        }
        finally
        {
            await a.StopAsync(CancellationToken.None);
            await b.StopAsync(CancellationToken.None);
        }

        var rows = await RowsAsync(sub);
        var requests = receiver.Requests.ToList();
        foreach (var row in rows)
        {
            var mine = requests.Where(q => q.EventId == row.EventId).OrderBy(q => q.Start).ToList();
            for (var i = 1; i < mine.Count; i++)
            {
                mine[i].Start.ShouldBeGreaterThanOrEqualTo(mine[i - 1].End, $"event {row.EventId} was sent again while a send was in flight");
            }

            // Refused once, then applied; a send whose lease could not be renewed in time is cancelled and sent
            // again later (never while another send of it is in flight, checked above).
            mine.Count.ShouldBeGreaterThanOrEqualTo(2, $"event {row.EventId}: refused once, then applied");
            row.Attempts.ShouldBeInRange(2, mine.Count, $"event {row.EventId}: attempts saved within the requests received");
            row.LeasedBy.ShouldBeNull();
        }

        // One referral's second event reached the receiver only after its first was applied.
        foreach (var referral in events.GroupBy(e => e.ReferralId))
        {
            var (first, second) = (referral.First().EventId, referral.Last().EventId);
            var firstApplied = requests.Single(q => q.EventId == first && q.Status == 204).End;
            requests.Where(q => q.EventId == second).ShouldAllBe(q => q.Start >= firstApplied);
        }

        receiver.Applied.Count.ShouldBe(events.Count);
        // The receiver took 4 s per request, yet the 8 events (16 requests) did not take 16 × 4 s: sends of different events overlap.
        (requests.Max(q => q.End) - requests.Min(q => q.Start)).ShouldBeLessThan(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task ASlowReceiverForOneEvent_DoesNotHoldBackTheOthers_RowsAreClaimedAsSlotsFreeUp()
    {
        var (sub, secret) = await SubscriptionAsync("http://127.0.0.1:1/placeholder");
        var events = await EventsAsync(sub, referrals: 24);
        var slow = events[0].EventId;
        using var receiver = new WebhookReceiver(secret) { DelayFor = id => id == slow ? TimeSpan.FromSeconds(8) : TimeSpan.FromMilliseconds(20) };
        await using (var db = App.SystemDb())
        {
            await db.Set<WebhookSubscription>().Where(s => s.Id == sub).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, receiver.Url));
        }

        var options = Fast();
        options.MaxInFlight = 4;
        options.BatchSize = 4;
        options.Timeout = TimeSpan.FromSeconds(20);
        using var dispatcher = Dispatcher(options);
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => (await RowsAsync(sub)).All(r => r.DeliveredAt != null), TimeSpan.FromSeconds(40), "every event was delivered");
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        // The slow event held one of the four slots; the other 23 events went through the other three meanwhile,
        // not batch by batch behind it.
        var requests = receiver.Requests.ToList();
        var slowEnd = requests.Single(q => q.EventId == slow).End;
        requests.Where(q => q.EventId != slow).ShouldAllBe(q => q.End <= slowEnd);
        (await RowsAsync(sub)).ShouldAllBe(r => r.Attempts == 1 && r.LeasedBy == null);
        receiver.Applied.Count.ShouldBe(events.Count);
    }

    [Fact]
    public async Task ADispatcherThatCannotClaim_IsReportedByReadiness_AndInTheErrorLog()
    {
        var client = App.CreateClient();
        (await client.GetStringAsync("/health/ready")).ShouldBe("Healthy");
        var log = new CollectingLogger();
        var dispatcher = Dispatcher(Fast(), log);
        await using (var db = App.SystemDb())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE outbox_messages RENAME TO outbox_messages_away");
        }

        try
        {
            await dispatcher.StartAsync(CancellationToken.None);
            string body = "";
            await WaitUntilAsync(async () => (body = await client.GetStringAsync("/health/ready")).StartsWith("Degraded", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), "readiness reports the dispatcher");
            body.ShouldContain("webhook-dispatcher: Degraded");
            body.ShouldContain("cannot claim outbox messages");
            log.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Exception != null);
        }
        finally
        {
            await using var db = App.SystemDb();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE outbox_messages_away RENAME TO outbox_messages");
        }

        // Claims work again: the dispatcher recovers and readiness says so.
        await WaitUntilAsync(async () => await client.GetStringAsync("/health/ready") == "Healthy", TimeSpan.FromSeconds(20), "readiness recovers");
        await dispatcher.StopAsync(CancellationToken.None);
        dispatcher.Dispose();
    }

    [Fact]
    public async Task AfterClaimsFailedForSeconds_DeliveryResumesPromptly_OnceClaimsWork()
    {
        var (sub, secret) = await SubscriptionAsync("http://127.0.0.1:1/placeholder");
        using var receiver = new WebhookReceiver(secret);
        await using (var db = App.SystemDb())
        {
            await db.Set<WebhookSubscription>().Where(s => s.Id == sub).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, receiver.Url));
        }

        var events = await EventsAsync(sub, referrals: 5);
        var log = new CollectingLogger();
        var options = Fast(); // polls every 100 ms: while claims fail it waits at most 16 polls (1.6 s) between them
        using var dispatcher = Dispatcher(options, log);
        await using (var db = App.SystemDb())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE outbox_messages RENAME TO outbox_messages_away");
        }

        DateTime back;
        try
        {
            await dispatcher.StartAsync(CancellationToken.None);
            // Long enough for a back-off that doubles without a bound (0.2, 0.4, ... 6.4 s) to sleep past the recovery.
            await Task.Delay(TimeSpan.FromSeconds(8));
        }
        finally
        {
            await using var db = App.SystemDb();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE outbox_messages_away RENAME TO outbox_messages");
            back = DateTime.UtcNow;
        }

        try
        {
            receiver.Requests.ShouldBeEmpty();
            log.Entries.Count(e => e.Level == LogLevel.Error).ShouldBeGreaterThanOrEqualTo(5, "the dispatcher kept trying to claim");
            await WaitUntilAsync(() => Task.FromResult(receiver.Applied.Count == events.Count), TimeSpan.FromSeconds(20), "every event reached the receiver");
            // Before stopping: a dispatcher stopped between the receiver's answer and saving it leaves the row to be sent again.
            await WaitUntilAsync(async () => (await RowsAsync(sub)).All(r => r.DeliveredAt != null), TimeSpan.FromSeconds(10), "every result was saved");
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        var resumedAfter = receiver.Requests.Max(q => q.End) - back;
        resumedAfter.ShouldBeLessThan(TimeSpan.FromSeconds(3.5), "delivery resumed within a capped back-off of the database taking claims again");
        (await RowsAsync(sub)).ShouldAllBe(r => r.Attempts == 1 && r.LeasedBy == null);
    }

    [Fact]
    public async Task AResultThatCannotBeSavedAtFirst_IsSavedOnceTheDatabaseTakesIt_WithoutSendingAgain()
    {
        var (sub, secret) = await SubscriptionAsync("http://127.0.0.1:1/placeholder");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var receiver = new WebhookReceiver(secret)
        {
            DelayFor = _ =>
            {
                started.TrySetResult();
                return TimeSpan.FromSeconds(2);
            },
        };
        await using (var db = App.SystemDb())
        {
            await db.Set<WebhookSubscription>().Where(s => s.Id == sub).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, receiver.Url));
        }

        await EventsAsync(sub, referrals: 1);
        using var dispatcher = Dispatcher(Fast());
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
            // The request is in flight: the outbox goes away until well after the receiver answered.
            await using (var db = App.SystemDb())
            {
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE outbox_messages RENAME TO outbox_messages_away");
            }

            try
            {
                await WaitUntilAsync(() => Task.FromResult(!receiver.Requests.IsEmpty), TimeSpan.FromSeconds(20), "the receiver answered");
                await Task.Delay(TimeSpan.FromSeconds(1.5));
            }
            finally
            {
                await using var db = App.SystemDb();
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE outbox_messages_away RENAME TO outbox_messages");
            }

            await WaitUntilAsync(async () => (await RowsAsync(sub)).Single().DeliveredAt != null, TimeSpan.FromSeconds(15), "the result was saved");
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        var row = (await RowsAsync(sub)).Single();
        row.Attempts.ShouldBe(1);
        row.LeasedBy.ShouldBeNull();
        receiver.Requests.Count.ShouldBe(1, "the event was not sent again");
    }

    [Fact]
    public async Task AStoppingDispatcher_ReleasesTheRowsItHasNotSent_AndKeepsTheOneInFlight()
    {
        var (sub, secret) = await SubscriptionAsync("http://127.0.0.1:1/placeholder");
        var started = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var receiver = new WebhookReceiver(secret)
        {
            DelayFor = id =>
            {
                started.TrySetResult(id);
                return TimeSpan.FromSeconds(10);
            },
        };
        await using (var db = App.SystemDb())
        {
            await db.Set<WebhookSubscription>().Where(s => s.Id == sub).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, receiver.Url));
        }

        await EventsAsync(sub, referrals: 4);
        var options = Fast();
        options.MaxInFlightPerSubscription = 1;
        options.Timeout = TimeSpan.FromSeconds(30);
        using var dispatcher = Dispatcher(options);
        await dispatcher.StartAsync(CancellationToken.None);
        Guid inFlight;
        try
        {
            inFlight = await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
            (await RowsAsync(sub)).ShouldAllBe(r => r.LeasedBy != null, "the four rows were claimed together");
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        // The three rows that waited for the subscription's slot are free for another instance now; the one whose
        // request was in flight keeps its lease (the receiver may still be working on it).
        var rows = await RowsAsync(sub);
        rows.Where(r => r.LeasedBy != null).Select(r => r.EventId).ShouldBe([inFlight], "only the row in flight is still leased");
        rows.Where(r => r.EventId != inFlight).ShouldAllBe(r => r.LeasedBy == null && r.LeasedUntil == null && r.Attempts == 0 && r.DeliveredAt == null);
    }

    [Theory]
    [InlineData("http://93.184.215.14/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost:5432/")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.5/hook")]
    [InlineData("https://192.168.0.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://[fd12:3456::1]/hook")]
    [InlineData("https://user:secret@93.184.215.14/hook")]
    public async Task Subscribing_RefusesReceiversOffThePublicInternet(string url)
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var response = await admin.PostAsJsonAsync("/api/webhooks/subscriptions", new { url });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("url")[0].GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Subscribing_AcceptsAnHttpsReceiverOnAPublicAddress()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var response = await admin.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = "https://93.184.215.14/carehub/events" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await admin.DeleteAsync($"/api/webhooks/subscriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Delivery_ChecksTheAddressAgain_AndNeverConnectsWhereItMayNot()
    {
        // Subscriptions whose names now resolve to loopback (as after DNS rebinding), and a link-local one.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connections = 0;
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var c = await listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref connections);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // stopped
            }
        });
        try
        {
            // Link-local (cloud metadata) is refused even where private networks are allowed.
            var (metadata, _) = await SubscriptionAsync("http://169.254.169.254/latest/meta-data/");
            await EventsAsync(metadata, 1);
            using (var lenient = Dispatcher(Fast(allowPrivate: true, backoff: TimeSpan.FromMinutes(5))))
            {
                var started = DateTime.UtcNow;
                (await lenient.DispatchOnceAsync()).ShouldBeGreaterThanOrEqualTo(1);
                (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(5), "refused before any connection was tried");
            }

            var (byName, _) = await SubscriptionAsync($"https://localhost:{port}/events");
            var (byAddress, _) = await SubscriptionAsync($"https://127.0.0.1:{port}/events");
            await EventsAsync(byName, 1);
            await EventsAsync(byAddress, 1);
            using (var strict = Dispatcher(Fast(allowPrivate: false, backoff: TimeSpan.FromMinutes(5))))
            {
                (await strict.DispatchOnceAsync()).ShouldBe(2);
            }

            connections.ShouldBe(0);
            foreach (var sub in new[] { byName, byAddress, metadata })
            {
                var row = (await RowsAsync(sub)).Single();
                row.DeliveredAt.ShouldBeNull();
                row.Attempts.ShouldBe(1);
                row.LastError.ShouldBe(WebhookAddresses.NotAllowed);
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task DeliveryErrors_ShowNoNetworkDetail_OnTheWebhooksPage()
    {
        var (closed, _) = await SubscriptionAsync($"http://127.0.0.1:{WebhookReceiver.FreePort()}/events");
        var (failing, secret) = await SubscriptionAsync("http://127.0.0.1:1/placeholder");
        using var receiver = new WebhookReceiver(secret, refuseFirstRequestOfEachEvent: true);
        await using (var db = App.SystemDb())
        {
            await db.Set<WebhookSubscription>().Where(s => s.Id == failing).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, receiver.Url));
        }

        await EventsAsync(closed, 1);
        await EventsAsync(failing, 1);
        using (var dispatcher = Dispatcher(Fast()))
        {
            await dispatcher.DispatchOnceAsync();
        }

        (await RowsAsync(closed)).Single().LastError.ShouldBe(WebhookDispatcher.NotConfirmed);
        (await RowsAsync(failing)).Single().LastError.ShouldBe(WebhookDispatcher.NotConfirmed);
        receiver.Requests.Single().Status.ShouldBe(500);

        var page = await App.PageClientAsync("planadmin@example.org");
        var html = await page.GetStringAsync("/referrals/webhooks");
        html.ShouldContain(WebhookDispatcher.NotConfirmed);
        html.ShouldNotContain("refused", Case.Insensitive);
        html.ShouldNotContain("HTTP 500");
        html.ShouldNotContain("Connection", Case.Insensitive);
    }

    private sealed class CollectingLogger : ILogger<WebhookDispatcher>
    {
        public ConcurrentQueue<(LogLevel Level, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, exception));
    }
}

public sealed class OutboxDispatchTests_Sqlite(OutboxDispatchSqliteApp app) : OutboxDispatchTests(app), IClassFixture<OutboxDispatchSqliteApp>;

public sealed class OutboxDispatchTests_Postgres(OutboxDispatchPostgresApp app) : OutboxDispatchTests(app), IClassFixture<OutboxDispatchPostgresApp>;
