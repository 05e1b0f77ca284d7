using System.Collections.Concurrent;
using System.Text;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Features.Referrals;

public sealed class WebhookOptions
{
    /// <summary>Run the background dispatcher and the outbox's retention (on by default; tests may drive
    /// <see cref="WebhookDispatcher.DispatchOnceAsync"/> and <see cref="OutboxRetention.CleanOnceAsync"/> themselves).</summary>
    public bool Enabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claim lasts without renewal; a dispatcher renews it while a request is in flight and cancels
    /// the request if it cannot.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows claimed by one round of <see cref="WebhookDispatcher.DispatchOnceAsync"/>.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Requests in flight (and rows held) by one instance.</summary>
    public int MaxInFlight { get; set; } = 64;

    /// <summary>Requests in flight to one subscription's receiver from one instance.</summary>
    public int MaxInFlightPerSubscription { get; set; } = 32;
    public int MaxAttempts { get; set; } = Webhooks.MaxAttempts;

    /// <summary>Allow receivers on loopback and private networks (and plain http). Off unless configured; on in
    /// Development. Link-local and cloud metadata addresses are never allowed.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The name this instance gives itself in logs and health reports (the host name by default).</summary>
    public string InstanceName { get; set; } = Environment.MachineName;

    /// <summary>How long a delivered event is kept (it counts as delivered on the webhooks page and API meanwhile).</summary>
    public TimeSpan KeepDelivered { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an event whose attempts ran out is kept, with its last error, for an administrator to see.</summary>
    public TimeSpan KeepFailed { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each instance removes delivered and failed events older than they are kept; zero turns the
    /// removal off.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows removed by one statement of the cleanup, so that no statement holds many locks or runs long.</summary>
    public int CleanupBatchSize { get; set; } = 1000;
}

/// <summary>
/// Delivers outbox messages to subscribers, several at a time. Rows are claimed with a lease (see
/// <see cref="OutboxLeases"/>), so instances sharing PostgreSQL never send one row at the same time; the lease is
/// checked again before a row that waited is sent, renewed while its request is in flight (the request is cancelled
/// if it cannot be), and the result is saved only by the lease holder, so attempts are counted exactly. A crashed
/// instance's rows are picked up again once its leases run out; rows claimed but not sent (their load failed, or the
/// instance is stopping) are released at once. A 2xx answer marks the row delivered; anything else schedules a retry
/// with exponential backoff. Deliveries are at least once; the event id lets receivers drop duplicates. Of one
/// referral's events a receiver gets the next only after the previous one was delivered or failed.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceProvider services,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    WebhookDispatcherHealth health,
    TimeProvider clock,
    ILogger<WebhookDispatcher> log) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    /// <summary>What the webhooks page and API show for a failed attempt: no status, port or network detail, which
    /// would make the dispatcher a scanner of whatever the address points at (the detail is in the log).</summary>
    public const string NotConfirmed = "The receiver did not confirm the event (no 2xx answer in time).";
    public const string SubscriptionOff = "The subscription was removed or turned off.";

    /// <summary>The longest pause between claims while claims fail (and never more than 16 poll intervals): the
    /// database is asked again soon after it recovers.</summary>
    public static readonly TimeSpan MaxClaimBackoff = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _perSubscription = new();
    private readonly SemaphoreSlim _inFlight = new(options.Value.MaxInFlight, options.Value.MaxInFlight);

    // Rows the background loop holds (claimed, not yet finished). A finishing row lowers it and only then wakes the
    // loop, so the loop finds the slot free.
    private int _held;
    private int _finishedSinceClaim;
    private readonly SemaphoreSlim _wake = new(0);

    // This dispatcher's own claims that failed in a row (it backs off on them); a saved delivery result shows the
    // database works again and sets it back to 0.
    private int _claimFailures;

    private WebhookOptions Options => options.Value;
    private string Instance => $"{Options.InstanceName}/{Environment.ProcessId}";

    /// <summary>How long to wait before the next claim after <paramref name="failures"/> failed claims in a row: the
    /// poll interval doubled per failure, at most 16 poll intervals and at most <see cref="MaxClaimBackoff"/>.</summary>
    public static TimeSpan ClaimBackoff(TimeSpan pollInterval, int failures)
    {
        if (failures <= 0)
        {
            return pollInterval;
        }

        var cap = Math.Max(pollInterval.Ticks, Math.Min(pollInterval.Ticks * 16, MaxClaimBackoff.Ticks));
        return TimeSpan.FromTicks(Math.Min(cap, pollInterval.Ticks << Math.Min(failures, 4)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.Enabled)
        {
            return;
        }

        // The pipeline is kept full: rows are claimed as slots free up, once a quarter batch has finished (one claim
        // per row would cost a claim query per event), at once while full batches keep coming or when nothing is
        // held, and at the poll interval otherwise, since a finished request may let the next event of its referral go.
        var refill = Math.Max(1, Math.Min(Options.BatchSize, Options.MaxInFlight) / 4);
        var running = new List<Task>();
        var lastClaim = DateTimeOffset.MinValue;
        var woken = true;
        var fullBatch = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                var held = Volatile.Read(ref _held);
                var free = Options.MaxInFlight - held;
                var failures = Volatile.Read(ref _claimFailures);
                var pollDue = clock.GetUtcNow() - lastClaim >= ClaimBackoff(Options.PollInterval, failures);
                if (free > 0 && (fullBatch || pollDue || (woken && failures == 0 && (Volatile.Read(ref _finishedSinceClaim) >= refill || held == 0))))
                {
                    while (_wake.Wait(0))
                    {
                        // Wakes until now are answered by this claim.
                    }

                    Interlocked.Exchange(ref _finishedSinceClaim, 0);
                    var limit = Math.Min(free, Options.BatchSize);
                    fullBatch = await ClaimAndStartAsync(limit, running, stoppingToken) == limit;
                    lastClaim = clock.GetUtcNow();
                    if (fullBatch)
                    {
                        continue; // more may be due
                    }
                }

                fullBatch = false;

                // Wait until a row finishes (or a result is saved after failed claims), or the next claim is due.
                var wait = ClaimBackoff(Options.PollInterval, Volatile.Read(ref _claimFailures)) - (clock.GetUtcNow() - lastClaim);
                woken = await WaitAsync(wait > TimeSpan.Zero ? wait : Options.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: rows not yet sent are released, rows in flight keep their leases and are sent again once
            // those run out.
        }
        finally
        {
            await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
            health.Stopped(this);
        }
    }

    /// <summary>Waits for <paramref name="wait"/> (on the app's clock) or until woken; true when woken.</summary>
    private async Task<bool> WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(wait, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        try
        {
            await _wake.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a row finished; nothing waits any more.
        }
    }

    /// <summary>Claims up to <paramref name="limit"/> rows and starts their deliveries; returns the rows claimed (0
    /// when the claim failed).</summary>
    private async Task<int> ClaimAndStartAsync(int limit, List<Task> running, CancellationToken ct)
    {
        Claim claim;
        try
        {
            claim = await ClaimAsync(limit, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var failures = Interlocked.Increment(ref _claimFailures);
            RecordFailure("cannot claim outbox messages", ex);
            log.LogInformation("Webhook dispatcher {Instance}: next claim in {Backoff} ({Failures} failed in a row)", Instance, ClaimBackoff(Options.PollInterval, failures), failures);
            return 0;
        }

        Interlocked.Exchange(ref _claimFailures, 0);
        foreach (var message in claim.Messages)
        {
            Interlocked.Increment(ref _held);
            running.Add(RunAsync(message, claim, ct));
        }

        return claim.Messages.Count;
    }

    private async Task RunAsync(OutboxMessage message, Claim claim, CancellationToken ct)
    {
        try
        {
            await DeliverAsync(message, claim, ct);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
            Interlocked.Increment(ref _finishedSinceClaim);
            Wake();
        }
    }

    /// <summary>Claims and sends one batch of due messages, several at a time; returns how many were claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct = default)
    {
        var claim = await ClaimAsync(Math.Min(Options.BatchSize, Options.MaxInFlight), ct);
        await Task.WhenAll(claim.Messages.Select(m => DeliverAsync(m, claim, ct)));
        return claim.Messages.Count;
    }

    /// <summary>Rows claimed in one statement under one token, leased until <see cref="LeasedUntil"/>, with their
    /// subscriptions (absent when removed).</summary>
    private sealed record Claim(string Token, DateTimeOffset LeasedUntil, IReadOnlyList<OutboxMessage> Messages, IReadOnlyDictionary<Guid, WebhookSubscription> Subscriptions);

    private async Task<Claim> ClaimAsync(int limit, CancellationToken ct)
    {
        await using var scope = WebSetup.CreateSystemScope(services);
        var db = scope.ServiceProvider.GetRequiredService<CareHubDbContext>();
        var token = OutboxLeases.NewToken();
        var now = clock.GetUtcNow();
        var messages = await OutboxLeases.ClaimAsync(db, token, now, Options.Lease, limit, ct);
        var subscriptionIds = messages.Select(m => m.SubscriptionId).Distinct().ToList();
        Dictionary<Guid, WebhookSubscription> subscriptions;
        try
        {
            subscriptions = subscriptionIds.Count == 0 ? []
                : await db.Set<WebhookSubscription>().AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        }
        catch (Exception)
        {
            await ReleaseAsync(db, token, null);
            throw;
        }

        health.Succeeded(this, Instance);
        return new Claim(token, now.Add(Options.Lease), messages, subscriptions);
    }

    /// <summary>Gives up the lease of rows not sent, so another round or instance may send them at once; if that
    /// fails too, they wait for the lease to run out.</summary>
    private async Task ReleaseAsync(CareHubDbContext db, string token, long? id)
    {
        if (!await OutboxLeases.TryReleaseAsync(db, token, id) && id is not null)
        {
            log.LogInformation("Webhook outbox message {Id} was not released; it is sent once its lease runs out", id);
        }
    }

    private void RecordFailure(string what, Exception ex)
    {
        var failures = health.Failed(this, Instance, what, ex);
        log.LogError(ex, "Webhook dispatcher {Instance} {What} ({Failures} rounds in a row); will retry", Instance, what, failures);
    }

    /// <summary>Sends one claimed row when a slot for its subscription is free, if the lease is still ours.</summary>
    private async Task DeliverAsync(OutboxMessage message, Claim claim, CancellationToken ct)
    {
        var lease = new HeldLease(claim.Token, claim.LeasedUntil);
        await using var scope = WebSetup.CreateSystemScope(services);
        var db = scope.ServiceProvider.GetRequiredService<CareHubDbContext>();
        try
        {
            // The subscription's slot first: rows waiting for a busy receiver do not hold the instance's slots.
            var slot = _perSubscription.GetOrAdd(message.SubscriptionId, _ => new SemaphoreSlim(Options.MaxInFlightPerSubscription, Options.MaxInFlightPerSubscription));
            await slot.WaitAsync(ct);
            try
            {
                await _inFlight.WaitAsync(ct);
                try
                {
                    await SendAndSaveAsync(db, message, claim, lease, ct);
                }
                finally
                {
                    _inFlight.Release();
                }
            }
            finally
            {
                slot.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down. A row not yet sent is released for another instance; one whose request was in flight
            // keeps its lease (the receiver may still be working on it) and is sent again once the lease runs out.
            if (!lease.Sending)
            {
                await ReleaseAsync(db, claim.Token, message.Id);
            }
        }
        catch (Exception ex)
        {
            RecordFailure($"cannot save the delivery of outbox message {message.Id}", ex);
        }
    }

    /// <summary>The lease on one row while it is being sent: renewed while the request is in flight.</summary>
    private sealed class HeldLease(string token, DateTimeOffset until)
    {
        public string Token { get; } = token;
        public DateTimeOffset Until { get; set; } = until;

        /// <summary>Set once the request may have left: from then on the row is not released early.</summary>
        public bool Sending { get; set; }
    }

    private async Task SendAndSaveAsync(CareHubDbContext db, OutboxMessage message, Claim claim, HeldLease lease, CancellationToken ct)
    {
        // The row may have waited for a slot. While most of the lease is left it is still ours (another instance
        // claims a row only once its lease has run out, and nothing else takes it), so it is sent without asking the
        // database; otherwise the lease is renewed first, and the row is left alone if it ran out.
        var now = clock.GetUtcNow();
        if (lease.Until - now < Options.Lease - TimeSpan.FromTicks(Options.Lease.Ticks / 4))
        {
            if (!await OutboxLeases.RenewAsync(db, message.Id, lease.Token, now, Options.Lease, ct))
            {
                log.LogInformation("Webhook {EventId}: the lease ran out before sending; another round will send it", message.EventId);
                return;
            }

            lease.Until = now.Add(Options.Lease);
        }

        if (!claim.Subscriptions.TryGetValue(message.SubscriptionId, out var subscription) || !subscription.Active)
        {
            await SaveAsync(db, message, lease, new(false, null, clock.GetUtcNow(), null, SubscriptionOff), ct);
            return;
        }

        lease.Sending = true;
        var error = await SendWhileLeasedAsync(db, message, subscription, lease, ct);
        var attempts = message.Attempts + 1;
        now = clock.GetUtcNow();
        var outcome = error is null ? new OutboxLeases.AttemptOutcome(true, now, null, null, null)
            : attempts >= Options.MaxAttempts ? new OutboxLeases.AttemptOutcome(true, null, now, null, error)
            : new OutboxLeases.AttemptOutcome(true, null, null, now.Add(Webhooks.Backoff(attempts, Options.BaseBackoff, Options.MaxBackoff)), error);
        if (!await SaveAsync(db, message, lease, outcome, ct))
        {
            log.LogWarning("Webhook {EventId}: the lease was lost before the result was saved; it will be sent again", message.EventId);
        }
        else if (error is not null)
        {
            log.LogInformation("Webhook {EventId} to subscription {Subscription} not confirmed (attempt {Attempts})", message.EventId, message.SubscriptionId, attempts);
        }
    }

    /// <summary>Saves the result of an attempt, trying again while the lease lasts (a failed save would otherwise
    /// leave the row to be sent again once the lease runs out). Returns false when the lease was lost.</summary>
    private async Task<bool> SaveAsync(CareHubDbContext db, OutboxMessage message, HeldLease lease, OutboxLeases.AttemptOutcome outcome, CancellationToken ct)
    {
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var saved = await OutboxLeases.CompleteAsync(db, message.Id, lease.Token, outcome, CancellationToken.None);
                if (saved)
                {
                    // The database takes writes again: claims need not wait out their back-off.
                    if (Interlocked.Exchange(ref _claimFailures, 0) > 0)
                    {
                        Wake();
                    }
                }

                return saved;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException
                && clock.GetUtcNow() + pause < lease.Until)
            {
                log.LogWarning(ex, "Webhook {EventId}: could not save the result of the attempt; trying again while the lease lasts", message.EventId);
                await Task.Delay(pause, clock, ct);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>Posts the event while renewing the lease; the request is cancelled before the lease could run out
    /// unrenewed, so no other instance sends the row meanwhile. Returns null when the receiver confirmed.</summary>
    private async Task<string?> SendWhileLeasedAsync(CareHubDbContext db, OutboxMessage message, WebhookSubscription subscription, HeldLease lease, CancellationToken ct)
    {
        var margin = TimeSpan.FromTicks(Options.Lease.Ticks / 4);
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        leaseLost.CancelAfter(lease.Until - margin - clock.GetUtcNow());
        using var sent = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewWhileSendingAsync(db, message.Id, lease, leaseLost, sent.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
            {
                Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(Webhooks.EventIdHeader, message.EventId.ToString());
            request.Headers.Add(Webhooks.EventTypeHeader, message.EventType);
            request.Headers.Add(Webhooks.SignatureHeader, Webhooks.Sign(subscription.Secret, message.Payload));
            request.Options.Set(WebhookAddresses.AllowPrivateNetworksOption, Options.AllowPrivateNetworks);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(leaseLost.Token);
            timeout.CancelAfter(Options.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            log.LogInformation("Webhook {EventId}: the receiver answered HTTP {Status}", message.EventId, (int)response.StatusCode);
            return NotConfirmed;
        }
        catch (HttpRequestException ex) when (WebhookAddresses.Refusal(ex) is { } refusal)
        {
            log.LogWarning("Webhook {EventId} to subscription {Subscription} not sent: {Refusal}", message.EventId, subscription.Id, refusal);
            return WebhookAddresses.NotAllowed;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            log.LogInformation(ex, "Webhook {EventId}: no answer from the receiver{LeaseLost}", message.EventId, leaseLost.IsCancellationRequested ? " before the lease ran out" : "");
            return NotConfirmed;
        }
        finally
        {
            await sent.CancelAsync();
            await renewing;
        }
    }

    private async Task RenewWhileSendingAsync(CareHubDbContext db, long id, HeldLease lease, CancellationTokenSource leaseLost, CancellationToken sent)
    {
        var every = TimeSpan.FromTicks(Options.Lease.Ticks / 3);
        var margin = TimeSpan.FromTicks(Options.Lease.Ticks / 4);
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, sent);
                var renewedAt = clock.GetUtcNow();
                if (!await OutboxLeases.RenewAsync(db, id, lease.Token, renewedAt, Options.Lease, sent))
                {
                    await leaseLost.CancelAsync();
                    return;
                }

                lease.Until = renewedAt.Add(Options.Lease);
                leaseLost.CancelAfter(Options.Lease - margin - (clock.GetUtcNow() - renewedAt));
            }
        }
        catch (OperationCanceledException) when (sent.IsCancellationRequested)
        {
            // The request finished.
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            log.LogWarning(ex, "Webhook outbox message {Id}: could not renew the lease; cancelling the request", id);
            await leaseLost.CancelAsync();
        }
    }

    public override void Dispose()
    {
        health.Stopped(this);
        _inFlight.Dispose();
        _wake.Dispose();
        foreach (var s in _perSubscription.Values)
        {
            s.Dispose();
        }

        base.Dispose();
    }
}
