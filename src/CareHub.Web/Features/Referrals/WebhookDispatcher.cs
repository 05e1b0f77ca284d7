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
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public int BatchSize { get; set; } = 20;
    public int MaxAttempts { get; set; } = Webhooks.MaxAttempts;
}

/// <summary>
/// Delivers outbox messages to subscribers. Each row is claimed with a lease (an atomic conditional update), so several
/// app instances sharing PostgreSQL never send one row at the same time, and a crashed instance's rows are picked up
/// again once its lease runs out. A 2xx answer marks the row delivered; anything else schedules a retry with
/// exponential backoff. Deliveries are at least once; the event id lets receivers drop duplicates.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceProvider services,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> log) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await DispatchOnceAsync(stoppingToken);
                if (sent > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogWarning(ex, "Webhook dispatch failed; will retry");
            }

            try
            {
                await Task.Delay(Options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and sends one batch of due messages; returns how many were attempted.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct = default)
    {
        await using var scope = WebSetup.CreateSystemScope(services);
        var db = scope.ServiceProvider.GetRequiredService<CareHubDbContext>();
        var now = clock.GetUtcNow();
        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DeliveredAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(Options.BatchSize).ToListAsync(ct);
        var attempted = 0;
        foreach (var id in candidates)
        {
            var leaseUntil = now.Add(Options.Lease);
            var token = $"{_instance}/{Guid.NewGuid():N}";
            var claimed = await db.OutboxMessages
                .Where(m => m.Id == id && m.DeliveredAt == null && m.FailedAt == null && (m.LeasedUntil == null || m.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, leaseUntil).SetProperty(m => m.LeasedBy, token), ct);
            if (claimed != 1)
            {
                continue; // another instance has it
            }

            attempted++;
            await DeliverAsync(db, id, token, ct);
        }

        return attempted;
    }

    private async Task DeliverAsync(CareHubDbContext db, long id, string token, CancellationToken ct)
    {
        var message = await db.OutboxMessages.FirstAsync(m => m.Id == id, ct);
        var subscription = await db.Set<WebhookSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == message.SubscriptionId, ct);
        string? error = null;
        if (subscription is null || !subscription.Active)
        {
            message.FailedAt = clock.GetUtcNow();
            message.LastError = "The subscription was removed or turned off.";
        }
        else
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
                {
                    Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add(Webhooks.EventIdHeader, message.EventId.ToString());
                request.Headers.Add(Webhooks.EventTypeHeader, message.EventType);
                request.Headers.Add(Webhooks.SignatureHeader, Webhooks.Sign(subscription.Secret, message.Payload));
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(Options.Timeout);
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    error = $"HTTP {(int)response.StatusCode} from the receiver.";
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                error = ex.Message;
            }

            message.Attempts++;
            var now = clock.GetUtcNow();
            if (error is null)
            {
                message.DeliveredAt = now;
                message.LastError = null;
            }
            else if (message.Attempts >= Options.MaxAttempts)
            {
                message.FailedAt = now;
                message.LastError = error;
            }
            else
            {
                message.NextAttemptAt = now.Add(Webhooks.Backoff(message.Attempts, Options.BaseBackoff, Options.MaxBackoff));
                message.LastError = error;
            }
        }

        if (message.LeasedBy == token)
        {
            message.LeasedUntil = null;
            message.LeasedBy = null;
        }

        await db.SaveChangesAsync(ct);
        if (error is not null)
        {
            log.LogInformation("Webhook {EventId} to subscription {Subscription} failed (attempt {Attempts}): {Error}", message.EventId, message.SubscriptionId, message.Attempts, error);
        }
    }
}
