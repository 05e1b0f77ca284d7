using CareHub.Referrals;

namespace CareHub.Core.Tests.Referrals;

public sealed class ReferralDisclosureTests
{
    private static readonly Guid _plan = Guid.NewGuid();
    private static readonly Guid _referrer = Guid.NewGuid();
    private static readonly Guid _cbo = Guid.NewGuid();

    private static Referral Referral(ReferralStatus status, bool decided = false, string? denial = null) => new()
    {
        PlanId = _plan,
        ReferringOrganizationId = _referrer,
        CboId = _cbo,
        County = "Los Angeles",
        CommunitySupportCode = "meals",
        ReferrerKind = "pcp",
        Reason = "Discharged after heart failure admission",
        Status = status,
        DecidedAt = decided ? DateTimeOffset.UnixEpoch : null,
        DenialReason = denial,
    };

    [Theory]
    [InlineData(ReferralStatus.Submitted, false, null, ReferralDisclosureLevel.Request)]
    [InlineData(ReferralStatus.Pended, false, null, ReferralDisclosureLevel.Request)]
    [InlineData(ReferralStatus.Denied, true, "Not eligible", ReferralDisclosureLevel.Request)]
    [InlineData(ReferralStatus.Cancelled, false, null, ReferralDisclosureLevel.Request)]
    [InlineData(ReferralStatus.Approved, true, null, ReferralDisclosureLevel.Full)]
    [InlineData(ReferralStatus.Accepted, true, null, ReferralDisclosureLevel.Full)]
    [InlineData(ReferralStatus.Declined, true, null, ReferralDisclosureLevel.Full)]
    [InlineData(ReferralStatus.Scheduled, true, null, ReferralDisclosureLevel.Full)]
    [InlineData(ReferralStatus.InService, true, null, ReferralDisclosureLevel.Full)]
    [InlineData(ReferralStatus.Closed, true, null, ReferralDisclosureLevel.Full)]
    [InlineData(ReferralStatus.Cancelled, true, null, ReferralDisclosureLevel.Full)]
    public void For_Cbo_SeesClinicalDetailOnlyOnceThePlanAuthorized(ReferralStatus status, bool decided, string? denial, ReferralDisclosureLevel expected)
    {
        var r = Referral(status, decided, denial);

        ReferralDisclosure.For(r, ReferralActor.Cbo).ShouldBe(expected);
        ReferralDisclosure.For(r, _cbo).ShouldBe(expected);
    }

    [Theory]
    [InlineData(ReferralActor.Plan)]
    [InlineData(ReferralActor.Referrer)]
    [InlineData(ReferralActor.Referrer | ReferralActor.Cbo)]
    [InlineData(ReferralActor.Plan | ReferralActor.Cbo)]
    [InlineData(ReferralActor.None)]
    public void For_PlanReferrerAndMembersPlan_SeeEverythingBeforeAuthorization(ReferralActor actor)
    {
        ReferralDisclosure.For(Referral(ReferralStatus.Submitted), actor).ShouldBe(ReferralDisclosureLevel.Full);
    }

    [Fact]
    public void For_Organization_PlanAndReferrerSeeEverything_ACboThatAlsoReferredToo()
    {
        var r = Referral(ReferralStatus.Pended);

        ReferralDisclosure.For(r, _plan).ShouldBe(ReferralDisclosureLevel.Full);
        ReferralDisclosure.For(r, _referrer).ShouldBe(ReferralDisclosureLevel.Full);
        r.ReferringOrganizationId = _cbo;
        ReferralDisclosure.For(r, _cbo).ShouldBe(ReferralDisclosureLevel.Full);
    }
}
