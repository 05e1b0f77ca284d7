namespace CareHub.Referrals;

/// <summary>The webhook event a referral change sends to each subscriber (<see cref="Webhooks.StatusChanged"/>). The
/// JSON names (camelCase) are part of the contract with receivers.</summary>
public sealed record ReferralStatusEvent(Guid Id, string Type, DateTimeOffset OccurredAt, ReferralStatusEventBody Referral)
{
    public static ReferralStatusEvent For(Guid eventId, Referral r, ReferralStatus? from, ReferralStatus to, string note, DateTimeOffset at) =>
        new(eventId, Webhooks.StatusChanged, at, new ReferralStatusEventBody(
            r.Id, r.MemberId, r.CommunitySupportCode, from?.ToCode(), to.ToCode(), to.ToTaskStatus(), r.PlanId, r.ReferringOrganizationId, r.CboId, note));
}

/// <summary>The referral as the event shows it.</summary>
public sealed record ReferralStatusEventBody(
    Guid Id,
    Guid MemberId,
    string CommunitySupportCode,
    string? PreviousStatus,
    string Status,
    string TaskStatus,
    Guid PlanId,
    Guid ReferringOrganizationId,
    Guid? CboId,
    string Note);
