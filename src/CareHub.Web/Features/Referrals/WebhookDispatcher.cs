using System.Collections.Concurrent;
using System.Text;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Features.Referrals;

public sealed class WebhookOptions
{
    /// <summary>Run the background dispatcher (on by default; tests may drive <see cref="WebhookDispatcher.DispatchOnceAsync"/> themselves).</summary>
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
}

/// <summary>
/// Delivers outbox messages to subscribers, several at a time. Rows are claimed with a lease (see
/// <see cref="OutboxLeases"/>), so instances sharing PostgreSQL never send one row at the same time; the lease is
/// checked again before a row that waited is sent, renewed while its request is in flight (the request is cancelled
/// if it cannot be), and the result is saved only by the lease holder, so attempts are counted exactly. A crashed
/// instance's rows are picked up again once its leases run out. A 2xx answer marks the row delivered; anything else
/// schedules a retry with exponential backoff. Deliveries are at least once; the event id lets receivers drop
/// duplicates. Of one referral's events a receiver gets the next only after the previous one was delivered or failed.
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

    private static readonly TimeSpan _maxFailureDelay = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _perSubscription = new();
    private readonly SemaphoreSlim _inFlight = new(options.Value.MaxInFlight, options.Value.MaxInFlight);

    private WebhookOptions Options => options.Value;
    private string Instance => $"{Options.InstanceName}/{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.Enabled)
        {
            return;
        }

        // The pipeline is kept full: rows are claimed as slots free up, a quarter batch at a time (one claim per row
        // would cost a claim query per event), at once while full batches keep coming, and at the poll interval
        // otherwise, since a finished request may let the next event of its referral go.
        var refill = Math.Max(1, Math.Min(Options.BatchSize, Options.MaxInFlight) / 4);
        using var finished = new SemaphoreSlim(0);
        var running = new List<Task>();
        var lastClaim = DateTimeOffset.MinValue;
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                var free = Options.MaxInFlight - running.Count;
                var now = clock.GetUtcNow();
                var pollDue = now - lastClaim >= Options.PollInterval;
                if (free > 0 && (failures == 0 ? free >= refill || running.Count == 0 || pollDue : pollDue))
                {
                    var limit = Math.Min(free, Options.BatchSize);
                    int claimed;
                    (claimed, failures) = await ClaimAndStartAsync(limit, running, finished, stoppingToken);
                    lastClaim = clock.GetUtcNow();
                    if (claimed == limit && failures == 0)
                    {
                        continue; // a full batch: more may be due
                    }
                }

                // Wait until a request finishes or the next poll; after failed rounds, back off.
                var wait = failures == 0 ? Options.PollInterval
                    : TimeSpan.FromTicks(Math.Min(_maxFailureDelay.Ticks, Options.PollInterval.Ticks << Math.Min(failures, 16)));
                wait -= clock.GetUtcNow() - lastClaim;
                await WaitAsync(failures == 0 ? finished : null, wait > TimeSpan.Zero ? wait : Options.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: rows in flight keep their leases and are sent again once those run out.
        }
        finally
        {
            await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
            health.Stopped(this);
        }
    }

    /// <summary>Waits for <paramref name="wait"/> (on the app's clock), or until <paramref name="finished"/> is signalled.</summary>
    private async Task WaitAsync(SemaphoreSlim? finished, TimeSpan wait, CancellationToken ct)
    {
        if (finished is null)
        {
            await Task.Delay(wait, clock, ct);
            return;
        }

        using var timer = new CancellationTokenSource(wait, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        try
        {
            await finished.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The wait is over.
        }
    }

    /// <summary>Claims up to <paramref name="limit"/> rows and starts their deliveries, each signalling
    /// <paramref name="finished"/> when done; returns the rows claimed and how many rounds in a row have failed (0
    /// when this one worked).</summary>
    private async Task<(int Claimed, int Failures)> ClaimAndStartAsync(int limit, List<Task> running, SemaphoreSlim finished, CancellationToken ct)
    {
        try
        {
            var claim = await ClaimAsync(limit, ct);
            foreach (var message in claim.Messages)
            {
                running.Add(DeliverAsync(message, claim, ct).ContinueWith(_ => finished.Release(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default));
            }

            return (claim.Messages.Count, 0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (0, RecordFailure("cannot claim outbox messages", ex));
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
        var subscriptions = subscriptionIds.Count == 0 ? new Dictionary<Guid, WebhookSubscription>()
            : await db.Set<WebhookSubscription>().AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        health.Succeeded(this, Instance);
        return new Claim(token, now.Add(Options.Lease), messages, subscriptions);
    }

    private int RecordFailure(string what, Exception ex)
    {
        var failures = health.Failed(this, Instance, what, ex);
        log.LogError(ex, "Webhook dispatcher {Instance} {What} ({Failures} rounds in a row); will retry", Instance, what, failures);
        return failures;
    }

    /// <summary>Sends one claimed row when a slot for its subscription is free, if the lease is still ours.</summary>
    private async Task DeliverAsync(OutboxMessage message, Claim claim, CancellationToken ct)
    {
        try
        {
            var slot = _perSubscription.GetOrAdd(message.SubscriptionId, _ => new SemaphoreSlim(Options.MaxInFlightPerSubscription, Options.MaxInFlightPerSubscription));
            await _inFlight.WaitAsync(ct);
            try
            {
                await slot.WaitAsync(ct);
                try
                {
                    await using var scope = WebSetup.CreateSystemScope(services);
                    var db = scope.ServiceProvider.GetRequiredService<CareHubDbContext>();
                    await SendAndSaveAsync(db, message, claim, ct);
                }
                finally
                {
                    slot.Release();
                }
            }
            finally
            {
                _inFlight.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down; the lease runs out and the row is sent again.
        }
        catch (Exception ex)
        {
            RecordFailure($"cannot save the delivery of outbox message {message.Id}", ex);
        }
    }

    private async Task SendAndSaveAsync(CareHubDbContext db, OutboxMessage message, Claim claim, CancellationToken ct)
    {
        // The row may have waited for a slot. While most of the lease is left it is still ours (another instance
        // claims a row only once its lease has run out, and nothing else takes it), so it is sent without asking the
        // database; otherwise the lease is renewed first, and the row is left alone if it ran out.
        var leasedUntil = claim.LeasedUntil;
        var now = clock.GetUtcNow();
        if (leasedUntil - now < Options.Lease - TimeSpan.FromTicks(Options.Lease.Ticks / 4))
        {
            if (!await OutboxLeases.RenewAsync(db, message.Id, claim.Token, now, Options.Lease, ct))
            {
                log.LogInformation("Webhook {EventId}: the lease ran out before sending; another round will send it", message.EventId);
                return;
            }

            leasedUntil = now.Add(Options.Lease);
        }

        if (!claim.Subscriptions.TryGetValue(message.SubscriptionId, out var subscription) || !subscription.Active)
        {
            await OutboxLeases.CompleteAsync(db, message.Id, claim.Token, new(false, null, clock.GetUtcNow(), null, SubscriptionOff), ct);
            return;
        }

        var error = await SendWhileLeasedAsync(db, message, subscription, claim.Token, leasedUntil, ct);
        var attempts = message.Attempts + 1;
        now = clock.GetUtcNow();
        var outcome = error is null ? new OutboxLeases.AttemptOutcome(true, now, null, null, null)
            : attempts >= Options.MaxAttempts ? new OutboxLeases.AttemptOutcome(true, null, now, null, error)
            : new OutboxLeases.AttemptOutcome(true, null, null, now.Add(Webhooks.Backoff(attempts, Options.BaseBackoff, Options.MaxBackoff)), error);
        if (!await OutboxLeases.CompleteAsync(db, message.Id, claim.Token, outcome, CancellationToken.None))
        {
            log.LogWarning("Webhook {EventId}: the lease was lost before the result was saved; it will be sent again", message.EventId);
        }
        else if (error is not null)
        {
            log.LogInformation("Webhook {EventId} to subscription {Subscription} not confirmed (attempt {Attempts})", message.EventId, message.SubscriptionId, attempts);
        }
    }

    /// <summary>Posts the event while renewing the lease; the request is cancelled before the lease could run out
    /// unrenewed, so no other instance sends the row meanwhile. Returns null when the receiver confirmed.</summary>
    private async Task<string?> SendWhileLeasedAsync(CareHubDbContext db, OutboxMessage message, WebhookSubscription subscription, string token, DateTimeOffset leasedUntil, CancellationToken ct)
    {
        var margin = TimeSpan.FromTicks(Options.Lease.Ticks / 4);
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        leaseLost.CancelAfter(leasedUntil - margin - clock.GetUtcNow());
        using var sent = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewWhileSendingAsync(db, message.Id, token, leaseLost, sent.Token);
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

    private async Task RenewWhileSendingAsync(CareHubDbContext db, long id, string token, CancellationTokenSource leaseLost, CancellationToken sent)
    {
        var every = TimeSpan.FromTicks(Options.Lease.Ticks / 3);
        var margin = TimeSpan.FromTicks(Options.Lease.Ticks / 4);
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, sent);
                var renewedAt = clock.GetUtcNow();
                if (!await OutboxLeases.RenewAsync(db, id, token, renewedAt, Options.Lease, sent))
                {
                    await leaseLost.CancelAsync();
                    return;
                }

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
        foreach (var s in _perSubscription.Values)
        {
            s.Dispose();
        }

        base.Dispose();
    }
}
