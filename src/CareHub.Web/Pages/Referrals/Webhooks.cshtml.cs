using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Pages.Referrals;

/// <summary>A plan administrator's webhook subscriptions: outside systems told when a referral's status changes.</summary>
[Authorize(Roles = Roles.PlanAdmin)]
public sealed class WebhooksModel(CareHubDbContext db, AuditTrail audit, TimeProvider clock, IOptionsMonitor<WebhookOptions> webhooks) : PageModel
{
    public sealed record Row(WebhookSubscription Subscription, int Pending, int Delivered, int Failed, string? LastError);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The address and description as typed, kept when they are sent back with errors.</summary>
    public string? TypedUrl { get; private set; }
    public string? Description { get; private set; }

    /// <summary>How long delivered and failed events are kept (and counted), in words.</summary>
    public string KeptDelivered => Period(webhooks.CurrentValue.KeepDelivered);
    public string KeptFailed => Period(webhooks.CurrentValue.KeepFailed);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? url, string? description)
    {
        var (uri, error) = await WebhookAddresses.CheckAsync(url, webhooks.CurrentValue.AllowPrivateNetworks, HttpContext.RequestAborted);
        if (uri is null)
        {
            FormErrors = new FormErrors().Add("url", "Receiver address", error ?? "Give the https address of your receiver.");
            (TypedUrl, Description) = (url, description);
            await LoadAsync();
            return Page();
        }

        var sub = await ReferralsApi.CreateSubscriptionAsync(db, audit, clock, User.GetOrganizationId()!.Value, uri.ToString(), description, User.Identity?.Name, HttpContext.RequestAborted);
        NewSecret = sub.Secret;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostStopAsync(Guid id)
    {
        var org = User.GetOrganizationId();
        var sub = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == id && s.OrganizationId == org, HttpContext.RequestAborted);
        if (sub is not null)
        {
            sub.Active = false;
            audit.Add("webhook.unsubscribe", null, $"/api/webhooks/subscriptions/{sub.Id}", sub.Url);
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            TempData["Flash"] = $"Stopped sending to {sub.Url}.";
        }

        return RedirectToPage();
    }

    private static string Period(TimeSpan kept) =>
        kept.TotalDays >= 1 ? Plural(Math.Round(kept.TotalDays, 1), "day") : Plural(Math.Round(kept.TotalHours, 1), "hour");

    private static string Plural(double count, string unit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count:0.#} {unit}{(count == 1 ? "" : "s")}");

    private async Task LoadAsync()
    {
        var org = User.GetOrganizationId();
        var subs = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.OrganizationId == org).OrderByDescending(s => s.CreatedAt).ToListAsync(HttpContext.RequestAborted);
        var ids = subs.Select(s => s.Id).ToList();
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.SubscriptionId))
            .Select(m => new { m.SubscriptionId, m.DeliveredAt, m.FailedAt, m.LastError, m.Id }).ToListAsync(HttpContext.RequestAborted);
        Rows = [.. subs.Select(s =>
        {
            var mine = messages.Where(m => m.SubscriptionId == s.Id).ToList();
            return new Row(s, mine.Count(m => m.DeliveredAt == null && m.FailedAt == null), mine.Count(m => m.DeliveredAt != null), mine.Count(m => m.FailedAt != null),
                mine.Where(m => m.LastError != null).OrderByDescending(m => m.Id).Select(m => m.LastError).FirstOrDefault());
        })];
    }
}
