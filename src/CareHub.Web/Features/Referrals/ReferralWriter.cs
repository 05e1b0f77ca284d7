using System.Text.Json;
using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// The one path every change to a referral takes, whatever the channel (pages, JSON API, FHIR, imports, jobs): it
/// finds the referral among those the caller takes part in, checks the workflow, records the status history (with the
/// time spent in the previous status), the audit entry, the access grants and one outbox event per active webhook
/// subscription of an organization in the referral, and saves them in one <c>SaveChanges</c>.
/// </summary>
public sealed class ReferralWriter(CareHubDbContext db, AuditTrail audit, TimeProvider clock, MemberAccessGrants grants, ReferralQueries queries)
{
    private static readonly JsonSerializerOptions _eventJson = new(JsonSerializerDefaults.Web);

    public IAccessScope Scope => db.Scope;

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The referral, tracked for a change, when the caller takes part in it.</summary>
    public async Task<Referral?> FindAsync(Guid id, CancellationToken ct) =>
        await db.ReferralsTakingPart().FirstOrDefaultAsync(x => x.Id == id, ct);

    public static Outcome<ReferralDetail> NotVisible(Guid id) => Outcome<ReferralDetail>.NotFound($"No referral {id} is visible to your organization.");

    /// <summary>Which parts the caller's organization plays in the referral.</summary>
    public ReferralActor Actor(Referral r) => ReferralRules.ActorOf(r, Scope);

    /// <summary>Null when the caller may move the referral to <paramref name="to"/>; otherwise forbidden or conflict.</summary>
    public Outcome<ReferralDetail>? Refusal(Referral r, ReferralStatus to) =>
        ReferralRules.TransitionRefusal<ReferralDetail>(r.Status, to, Actor(r));

    /// <summary>A status change whose only work besides the move is <paramref name="apply"/> (which validates the
    /// input, sets fields and returns the note, or the field that is wrong).</summary>
    public async Task<Outcome<ReferralDetail>> ChangeStatusAsync(Guid id, ReferralStatus to, string action, Func<Referral, (string? Field, string Message)> apply,
        CancellationToken ct, bool revokeCbo = false)
    {
        var r = await FindAsync(id, ct);
        if (r is null)
        {
            return NotVisible(id);
        }

        if (Refusal(r, to) is { } refusal)
        {
            return refusal;
        }

        var (field, message) = apply(r);
        if (field is not null)
        {
            return Outcome<ReferralDetail>.Invalid(field, message);
        }

        if (revokeCbo && r.CboId is { } cbo)
        {
            await RevokeAsync(r, cbo, ct);
        }

        await MoveAsync(r, to, message, ct);
        Audit(action, r, $"/api/referrals/{r.Id}", message);
        return await SaveAsync(r, OutcomeKind.Ok, ct);
    }

    /// <summary>Moves the referral to <paramref name="to"/> and records it (history and outbox).</summary>
    public async Task MoveAsync(Referral r, ReferralStatus to, string note, CancellationToken ct)
    {
        var from = r.Status;
        r.Status = to;
        await RecordAsync(r, from, to, note, ct);
    }

    /// <summary>Stores the status change (with the time spent in the previous status) and queues a webhook event for
    /// every active subscription of an organization in the referral, all in the caller's transaction.</summary>
    public async Task RecordAsync(Referral r, ReferralStatus? from, ReferralStatus to, string note, CancellationToken ct)
    {
        var now = Now;
        long? seconds = from is null ? null : (long)Math.Max(0, (now - r.StatusChangedAt).TotalSeconds);
        AddHistory(r, from, to, now, seconds, note);
        r.StatusChangedAt = now;
        r.UpdatedAt = now;
        await QueueEventsAsync(r, from, to, note, ct);
    }

    /// <summary>A change that keeps the status (an owner named, a plan move, an extension decided): one history entry
    /// (no time in status) and one outbox event per subscriber.</summary>
    public async Task RecordNoteAsync(Referral r, string note, CancellationToken ct)
    {
        var now = Now;
        AddHistory(r, r.Status, r.Status, now, null, note);
        r.UpdatedAt = now;
        await QueueEventsAsync(r, r.Status, r.Status, note, ct);
    }

    private void AddHistory(Referral r, ReferralStatus? from, ReferralStatus to, DateTimeOffset now, long? seconds, string note) =>
        db.Add(new ReferralStatusChange
        {
            ReferralId = r.Id,
            MemberId = r.MemberId,
            From = from,
            To = to,
            At = now,
            SecondsInPrevious = seconds,
            By = Scope.UserName,
            ByOrganizationId = Scope.OrganizationId,
            Note = note.Length > 2000 ? note[..2000] : note,
        });

    private async Task QueueEventsAsync(Referral r, ReferralStatus? from, ReferralStatus to, string note, CancellationToken ct)
    {
        var now = Now;
        var orgs = new[] { r.PlanId, r.ReferringOrganizationId, r.CboId ?? Guid.Empty }.Where(g => g != Guid.Empty).Distinct().ToList();
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Active && orgs.Contains(s.OrganizationId)).ToListAsync(ct);
        foreach (var s in subscriptions)
        {
            var message = new OutboxMessage
            {
                SubscriptionId = s.Id,
                EventType = Webhooks.StatusChanged,
                ReferralId = r.Id,
                Payload = "",
                CreatedAt = now,
                NextAttemptAt = now,
            };
            // A CBO's receiver gets the note only once the plan has authorized (the note can carry the plan's reasons).
            var shownNote = ReferralDisclosure.For(r, s.OrganizationId) == ReferralDisclosureLevel.Full ? note : to.Label();
            message.Payload = JsonSerializer.Serialize(ReferralStatusEvent.For(message.EventId, r, from, to, shownNote, now), _eventJson);
            db.OutboxMessages.Add(message);
        }
    }

    /// <summary>Opens the member to <paramref name="organizationId"/> for this referral.</summary>
    public void Grant(Referral r, Guid organizationId) => grants.Grant(r.MemberId, organizationId, MemberAccessGrants.Referral, r.Id);

    /// <summary>Closes what this referral opened to <paramref name="organizationId"/>.</summary>
    public Task RevokeAsync(Referral r, Guid organizationId, CancellationToken ct) =>
        grants.RevokeAsync(r.Id, MemberAccessGrants.Referral, organizationId, ct);

    public void Audit(string action, Referral r, string target, string? detail) => audit.Add(action, r.MemberId, target, detail);

    /// <summary>Saves everything recorded once and answers with the referral as it is now.</summary>
    public async Task<Outcome<ReferralDetail>> SaveAsync(Referral r, OutcomeKind kind, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        return new Outcome<ReferralDetail>(kind, await queries.DetailAsync(r, ct));
    }
}
