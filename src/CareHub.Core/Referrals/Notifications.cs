using System.Security.Cryptography;
using System.Text;

namespace CareHub.Referrals;

/// <summary>
/// An outside system that wants to hear when a referral's status changes: a plan administrator registers its URL and
/// CareHub signs each delivery with the subscription's secret. A subscription belongs to one organization and gets
/// events for the referrals that organization may see (as plan, referrer or CBO).
/// </summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Url { get; set; }

    /// <summary>The HMAC-SHA256 key (shown once when created).</summary>
    public required string Secret { get; set; }
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>
/// One event to deliver to one subscription, written in the same transaction as the change it reports. A background
/// dispatcher claims due rows with a lease (so several app instances never send the same row at once), posts them,
/// and retries with exponential backoff until the receiver answers 2xx or the attempts run out.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>The event id receivers use to ignore duplicates (also the <c>X-CareHub-Event-Id</c> header).</summary>
    public Guid EventId { get; set; } = Guid.CreateVersion7();
    public Guid SubscriptionId { get; set; }
    public required string EventType { get; set; }
    public Guid ReferralId { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LeasedUntil { get; set; }
    public string? LeasedBy { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Set when the attempts ran out; the row stays for an administrator to see.</summary>
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
}

public static class Webhooks
{
    public const string SignatureHeader = "X-CareHub-Signature";
    public const string EventIdHeader = "X-CareHub-Event-Id";
    public const string EventTypeHeader = "X-CareHub-Event";
    public const string StatusChanged = "referral.status-changed";
    public const int MaxAttempts = 12;

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body's UTF-8 bytes with the secret.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Checks a signature in constant time (what a receiver does).</summary>
    public static bool Verify(string secret, string body, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(signature));

    /// <summary>Delay before the next attempt after <paramref name="attempts"/> failures: base × 2^(attempts−1),
    /// capped at <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan @base, TimeSpan max)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = @base.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>A new random secret for a subscription.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
