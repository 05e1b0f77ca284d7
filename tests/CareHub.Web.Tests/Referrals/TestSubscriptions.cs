using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Referrals;

/// <summary>Webhook subscriptions a test makes for the demo plan, removed with their events when the test ends, so no
/// row a test left behind is claimed or cleaned by the next test's dispatcher.</summary>
public sealed class TestSubscriptions(CareHubApp app) : IAsyncDisposable
{
    private readonly List<Guid> _ids = [];

    public async Task<(Guid Id, string Secret)> AddAsync(string url = "https://receiver.example.org/events", string? secret = null)
    {
        var org = await app.OrganizationAsync("planadmin@example.org");
        await using var db = app.SystemDb();
        var s = new WebhookSubscription { OrganizationId = org.Id, Url = url, Secret = secret ?? Webhooks.NewSecret(), CreatedAt = DateTimeOffset.UtcNow };
        db.Add(s);
        await db.SaveChangesAsync();
        _ids.Add(s.Id);
        return (s.Id, s.Secret);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ids.Count == 0)
        {
            return;
        }

        await using var db = app.SystemDb();
        await db.OutboxMessages.Where(m => _ids.Contains(m.SubscriptionId)).ExecuteDeleteAsync();
        await db.Set<WebhookSubscription>().Where(s => _ids.Contains(s.Id)).ExecuteDeleteAsync();
    }
}
