using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// How the webhook dispatchers of this process are doing. A dispatcher that fails several rounds in a row (it cannot
/// claim, renew or save outbox rows) makes <c>/health/ready</c> answer Degraded with the cause, until a round succeeds
/// or the dispatcher stops. The cause names the exception type only; the exception itself is in the error log.
/// </summary>
public sealed class WebhookDispatcherHealth(TimeProvider clock)
{
    /// <summary>Consecutive failed rounds after which the dispatcher counts as failing.</summary>
    public const int FailuresBeforeDegraded = 3;

    private sealed record State(string Instance, int Failures, DateTimeOffset? FailingSince, string? Cause);

    private readonly ConcurrentDictionary<object, State> _dispatchers = new();

    public void Succeeded(object dispatcher, string instance) => _dispatchers[dispatcher] = new State(instance, 0, null, null);

    /// <summary>Records a failed round; returns how many rounds in a row have failed.</summary>
    public int Failed(object dispatcher, string instance, string what, Exception ex)
    {
        var now = clock.GetUtcNow();
        var state = _dispatchers.AddOrUpdate(dispatcher,
            _ => new State(instance, 1, now, $"{what} ({ex.GetType().Name})"),
            (_, s) => new State(instance, s.Failures + 1, s.FailingSince ?? now, $"{what} ({ex.GetType().Name})"));
        return state.Failures;
    }

    public void Stopped(object dispatcher) => _dispatchers.TryRemove(dispatcher, out _);

    /// <summary>Descriptions of the dispatchers that are failing now (empty when all are well).</summary>
    public IReadOnlyList<string> Failing() => [.. _dispatchers.Values
        .Where(s => s.Failures >= FailuresBeforeDegraded)
        .Select(s => string.Create(CultureInfo.InvariantCulture,
            $"Webhook dispatcher {s.Instance} is failing: {s.Failures} rounds in a row since {s.FailingSince:yyyy-MM-ddTHH:mm:ssZ}; last: {s.Cause}. Events wait in the outbox; see the error log."))];
}

/// <summary>Degraded (not Unhealthy) while a dispatcher fails: the instance still serves people, and taking every
/// instance out of rotation for a delivery fault would not deliver anything sooner.</summary>
internal sealed class WebhookDispatcherHealthCheck(WebhookDispatcherHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = health.Failing();
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy("Webhook dispatch working.")
            : HealthCheckResult.Degraded(string.Join(" ", failing)));
    }
}
