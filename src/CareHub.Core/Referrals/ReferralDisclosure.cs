using CareHub.Common;

namespace CareHub.Referrals;

/// <summary>How much of a referral an organization may see now (minimum necessary).</summary>
public enum ReferralDisclosureLevel
{
    /// <summary>Everything: the request and its clinical detail (reason, needs, attestations, documents, the plan's
    /// reasons and the notes of its timeline).</summary>
    Full = 0,

    /// <summary>The request without clinical detail: who, which service, which dates and units, where it stands.</summary>
    Request = 1,
}

/// <summary>
/// What an organization may see of a referral now. The plan, the referrer and the member's current plan see all of it;
/// the CBO it is addressed to sees the request without clinical detail until the plan has authorized it, and all of
/// it from then on (also after it declines, closes, or the referral is cancelled). Every channel (JSON API, FHIR,
/// pages, document downloads, webhook events) asks this one rule.
/// </summary>
public static class ReferralDisclosure
{
    /// <summary>What a CBO is told in place of the detail it may not see yet.</summary>
    public const string WithheldMessage = "The reason, needs, attestations and documents appear once the plan authorizes the referral.";

    /// <summary>True once the plan has authorized the referral: it is approved or past approval, or was cancelled
    /// after an approval. Submitted, pended and denied referrals (and those cancelled before a decision) are not.</summary>
    public static bool IsAuthorized(Referral r) => r.Status switch
    {
        ReferralStatus.Approved or ReferralStatus.Accepted or ReferralStatus.Declined or ReferralStatus.Scheduled
            or ReferralStatus.InService or ReferralStatus.Closed => true,
        ReferralStatus.Cancelled => r.DecidedAt is not null && r.DenialReason is null,
        _ => false,
    };

    /// <summary>What an organization playing <paramref name="actor"/> in <paramref name="r"/> may see. Only an
    /// organization that is nothing but the CBO is held to the request; one that also referred or authorizes sees it all.
    /// <see cref="ReferralActor.None"/> is an organization that sees the referral for another reason (the member's
    /// current plan) and sees it all.</summary>
    public static ReferralDisclosureLevel For(Referral r, ReferralActor actor) =>
        actor == ReferralActor.Cbo && !IsAuthorized(r) ? ReferralDisclosureLevel.Request : ReferralDisclosureLevel.Full;

    /// <summary>What <paramref name="scope"/>'s organization may see of <paramref name="r"/>.</summary>
    public static ReferralDisclosureLevel For(Referral r, IAccessScope scope) => For(r, ReferralRules.ActorOf(r, scope));

    /// <summary>What <paramref name="organizationId"/> may see of <paramref name="r"/> (webhook events, which are sent
    /// to an organization rather than a signed-in user).</summary>
    public static ReferralDisclosureLevel For(Referral r, Guid organizationId)
    {
        var actor = ReferralActor.None;
        if (organizationId == r.PlanId) { actor |= ReferralActor.Plan; }
        if (organizationId == r.ReferringOrganizationId) { actor |= ReferralActor.Referrer; }
        if (organizationId == r.CboId) { actor |= ReferralActor.Cbo; }
        return For(r, actor);
    }
}
