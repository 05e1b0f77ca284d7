using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CareHub.Referrals;
using CareHub.Testing;
using CareHub.Web.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CareHub.Web.Tests.Referrals.ReferralTestData;

namespace CareHub.Web.Tests.Referrals;

public abstract class OutboxTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    /// <summary>An idempotent webhook receiver on 127.0.0.1: it processes each event id once, counts duplicates, checks
    /// signatures, and can answer 500 after processing (a crash before the acknowledgement). Requests are handled
    /// concurrently, and one that goes wrong (the sender gave up, a header is missing) does not stop the others.</summary>
    private sealed class Receiver(string secret) : IDisposable
    {
        private HttpListener? _listener;
        private int _failNext;

        public ConcurrentDictionary<Guid, string> Processed { get; } = new();
        public ConcurrentQueue<Guid> Requests { get; } = new();
        public int BadSignatures;
        public int Broken;

        public void FailNextAfterProcessing(int count) => _failNext = count;

        /// <summary>Listens on <paramref name="port"/>; false when the port was taken meanwhile.</summary>
        public bool TryStart(int port)
        {
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
            }
            catch (HttpListenerException)
            {
                listener.Close();
                return false;
            }

            _listener = listener;
            _ = Task.Run(() => LoopAsync(listener));
            return true;
        }

        private async Task LoopAsync(HttpListener listener)
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => HandleAsync(ctx));
            }
        }

        private async Task HandleAsync(HttpListenerContext ctx)
        {
            try
            {
                using var reader = new StreamReader(ctx.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                if (!Webhooks.Verify(secret, body, ctx.Request.Headers[Webhooks.SignatureHeader]))
                {
                    Interlocked.Increment(ref BadSignatures);
                    ctx.Response.StatusCode = 401;
                    ctx.Response.Close();
                    return;
                }

                var id = Guid.Parse(ctx.Request.Headers[Webhooks.EventIdHeader]!);
                Requests.Enqueue(id);
                Processed.TryAdd(id, body); // idempotent: a repeated event id changes nothing
                ctx.Response.StatusCode = Interlocked.Decrement(ref _failNext) >= 0 ? 500 : 204;
                ctx.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException or FormatException or ArgumentException)
            {
                Interlocked.Increment(ref Broken); // the sender gave up, or the request was not an event
            }
        }

        public void Dispose() => _listener?.Close();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? state = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting until {what}.{(state is null ? "" : "\n" + await state())}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>What the outbox and the receiver hold for one subscription, for a timeout's message: the rows not
    /// delivered (attempts, next attempt, lease, last error), what the receiver got, and the dispatchers' health.</summary>
    private async Task<string> OutboxStateAsync(Guid subscriptionId, Receiver? receiver)
    {
        await using var db = App.SystemDb();
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.SubscriptionId == subscriptionId).OrderBy(m => m.Id).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"At {now:HH:mm:ss.fff}: {rows.Count} rows, {rows.Count(r => r.DeliveredAt != null)} delivered, {rows.Count(r => r.FailedAt != null)} failed; ");
        text.Append(CultureInfo.InvariantCulture, $"attempts {string.Join(", ", rows.GroupBy(r => r.Attempts).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}. ");
        if (receiver is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Receiver: {receiver.Requests.Count} requests, {receiver.Processed.Count} events processed, {receiver.BadSignatures} bad signatures, {receiver.Broken} broken requests. ");
        }

        var failing = App.Services.GetRequiredService<WebhookDispatcherHealth>().Failing();
        text.Append(failing.Count == 0 ? "No dispatcher failing." : string.Join(" ", failing));
        foreach (var r in rows.Where(r => r.DeliveredAt == null).Take(20))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  row {r.Id} referral {r.ReferralId:N}: attempts {r.Attempts}, next {(r.NextAttemptAt - now).TotalSeconds:F1} s, ");
            text.Append(r.LeasedBy is null ? "not leased" : string.Create(CultureInfo.InvariantCulture, $"leased by {r.LeasedBy[..8]} for {(r.LeasedUntil!.Value - now).TotalSeconds:F1} s"));
            text.Append(CultureInfo.InvariantCulture, $", received {receiver?.Requests.Count(e => e == r.EventId) ?? 0}×{(r.FailedAt is null ? "" : ", failed")}{(r.LastError is null ? "" : ": " + r.LastError)}");
        }

        return text.ToString();
    }

    [Fact]
    public async Task ReceiverDownThenUp_EveryEventIsDeliveredExactlyOnce_NoneLost()
    {
        var port = FreePort();
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var created = await PostOkAsync(admin, "/api/webhooks/subscriptions", new { url = $"http://127.0.0.1:{port}/carehub-events", description = "test receiver" });
        var subscriptionId = created.GetProperty("id").GetGuid();
        var secret = created.GetProperty("secret").GetString()!;
        try
        {
            // Status changes while the receiver is down: each is in the outbox with the change itself.
            var member = await NewMemberAsync(App);
            var cbo = await App.OrganizationAsync("cbo@example.org");
            var cm = await App.ApiClientAsync("plancm@example.org");
            var cboClient = await App.ApiClientAsync("cbo@example.org");
            var id = Id(await PostOkAsync(cm, "/api/referrals", MealsReferral(member.Id, cbo.Id)));
            await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve" });
            await PostOkAsync(cboClient, $"/api/referrals/{id}/accept", new { });

            await using (var db = App.SystemDb())
            {
                (await db.OutboxMessages.CountAsync(m => m.SubscriptionId == subscriptionId && m.ReferralId == id)).ShouldBe(3);
            }

            await WaitUntilAsync(async () =>
            {
                await using var db = App.SystemDb();
                var mine = await db.OutboxMessages.Where(m => m.SubscriptionId == subscriptionId && m.ReferralId == id).OrderBy(m => m.Id).ToListAsync();
                // The referral's first event is tried while the receiver is down; its later events wait behind it,
                // so the receiver gets them in order.
                return mine[0] is { Attempts: >= 2, DeliveredAt: null, LastError: not null } && mine.Skip(1).All(m => m.Attempts == 0);
            }, TimeSpan.FromSeconds(20), "the first event was tried while the receiver was down, the later ones waiting", () => OutboxStateAsync(subscriptionId, null));

            // The receiver comes up; its first answer is lost after processing, so that event is sent again.
            using var receiver = new Receiver(secret);
            receiver.FailNextAfterProcessing(1);
            while (!receiver.TryStart(port))
            {
                // Something else took the port while the receiver was down: move the subscription to another one.
                port = FreePort();
                await using var db = App.SystemDb();
                await db.Set<WebhookSubscription>().Where(s => s.Id == subscriptionId)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, $"http://127.0.0.1:{port}/carehub-events"));
            }

            // A second app instance dispatches at the same time as the first: leases keep them apart. Its lease is
            // short, so rows it holds when stopped mid-delivery are sent again soon.
            var appOptions = App.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;
            var second = ActivatorUtilities.CreateInstance<WebhookDispatcher>(App.Services, Options.Create(new WebhookOptions
            {
                PollInterval = appOptions.PollInterval,
                BaseBackoff = appOptions.BaseBackoff,
                MaxBackoff = appOptions.MaxBackoff,
                AllowPrivateNetworks = appOptions.AllowPrivateNetworks,
                Lease = TimeSpan.FromSeconds(10),
                InstanceName = "second",
            }));
            using var stop = new CancellationTokenSource();
            var secondLoop = Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await second.DispatchOnceAsync(stop.Token);
                        await Task.Delay(50, stop.Token);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Stopped by the test, possibly mid-delivery (like an instance shutting down).
                }
            });

            await WaitUntilAsync(async () =>
            {
                await using var db = App.SystemDb();
                return await db.OutboxMessages.Where(m => m.SubscriptionId == subscriptionId).AllAsync(m => m.DeliveredAt != null);
            }, TimeSpan.FromSeconds(30), "every event of the subscription was delivered", () => OutboxStateAsync(subscriptionId, receiver));
            await stop.CancelAsync();
            await secondLoop;
            second.Dispose();

            await using (var db = App.SystemDb())
            {
                // Other tests keep changing referrals meanwhile, so compare with the rows marked delivered.
                var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.SubscriptionId == subscriptionId).ToListAsync();
                var delivered = rows.Where(r => r.DeliveredAt != null).Select(r => r.EventId).ToHashSet();
                delivered.IsSubsetOf(receiver.Processed.Keys).ShouldBeTrue("every delivered event reached the receiver");
                receiver.Processed.Keys.ShouldAllBe(e => rows.Any(r => r.EventId == e), "the receiver got only events from the outbox");
                rows.ShouldAllBe(r => r.FailedAt == null);

                // Exactly one extra request: the event whose acknowledgement was lost; nothing else was sent twice.
                var perEvent = receiver.Requests.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
                perEvent.Values.Count(c => c == 2).ShouldBe(1);
                perEvent.Values.ShouldAllBe(c => c <= 2);
                receiver.BadSignatures.ShouldBe(0);

                var statuses = rows.Where(r => r.ReferralId == id).OrderBy(r => r.Id)
                    .Select(r => JsonDocument.Parse(receiver.Processed[r.EventId]).RootElement)
                    .Select(e => (Id: e.GetProperty("id").GetGuid(), Status: e.GetProperty("referral").GetProperty("status").GetString())).ToList();
                statuses.Select(s => s.Status).ShouldBe(["submitted", "approved", "accepted"]);
                receiver.Requests.Where(e => statuses.Any(s => s.Id == e)).Distinct().ShouldBe(statuses.Select(s => s.Id), "the receiver got the referral's events in order");
                statuses.Select(s => s.Id).ShouldBe(rows.Where(r => r.ReferralId == id).OrderBy(r => r.Id).Select(r => r.EventId));
            }

            // Other tests' referral changes keep adding events for this subscription: switch it off (no new events are
            // written for it, and the dispatcher ends the ones still waiting), then the list must show none waiting.
            await using (var db = App.SystemDb())
            {
                var subscription = await db.Set<WebhookSubscription>().SingleAsync(w => w.Id == subscriptionId);
                subscription.Active = false;
                await db.SaveChangesAsync();
            }

            await WaitUntilAsync(async () =>
            {
                await using var db = App.SystemDb();
                return !await db.OutboxMessages.AnyAsync(m => m.SubscriptionId == subscriptionId && m.DeliveredAt == null && m.FailedAt == null);
            }, TimeSpan.FromSeconds(30), "no event of the switched-off subscription is waiting", () => OutboxStateAsync(subscriptionId, null));
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/webhooks/subscriptions");
            list.EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == subscriptionId).GetProperty("pending").GetInt32().ShouldBe(0);
        }
        finally
        {
            (await admin.DeleteAsync($"/api/webhooks/subscriptions/{subscriptionId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task Subscriptions_ArePlanAdministratorsOnly_AndNeedAUrl()
    {
        var cm = await App.ApiClientAsync("plancm@example.org");
        (await cm.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = "https://example.org/hook" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var bad = await admin.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = "not a url" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("url");
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://metadata.google.internal.169.254.169.254.nip.invalid/")]
    [InlineData("http://[fe80::a9fe:a9fe]/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://0.0.0.0:5432/")]
    public async Task WhereLoopbackIsAllowed_LinkLocalAndMetadataAddressesStillAreNot(string url)
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var response = await admin.PostAsJsonAsync("/api/webhooks/subscriptions", new { url });
        if (url.Contains(".invalid", StringComparison.Ordinal))
        {
            // A name that does not resolve now is accepted and checked on every delivery instead.
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            (await admin.DeleteAsync($"/api/webhooks/subscriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            return;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("never webhook receivers");
    }
}

public sealed class OutboxTests_Sqlite(SqliteApp app) : OutboxTests(app);

public sealed class OutboxTests_Postgres(PostgresApp app) : OutboxTests(app);
