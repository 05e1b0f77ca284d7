using CareHub.Common;
using CareHub.Referrals;

namespace CareHub.Core.Tests.Referrals;

public sealed class ReferralRuleFunctionsTests
{
    private static readonly Guid _plan = Guid.NewGuid();
    private static readonly Guid _referrer = Guid.NewGuid();
    private static readonly Guid _cbo = Guid.NewGuid();

    private static Referral NewReferral() => new()
    {
        PlanId = _plan,
        ReferringOrganizationId = _referrer,
        CboId = _cbo,
        County = "Los Angeles",
        CommunitySupportCode = "medically-tailored-meals",
        ReferrerKind = "plan-care-manager",
        Reason = "test",
    };

    [Fact]
    public void ActorOf_EachParty_PlaysItsPart()
    {
        var r = NewReferral();
        ReferralRules.ActorOf(r, new FixedAccessScope(_plan, OrganizationType.Plan)).ShouldBe(ReferralActor.Plan);
        ReferralRules.ActorOf(r, new FixedAccessScope(_referrer, OrganizationType.EcmProvider)).ShouldBe(ReferralActor.Referrer);
        ReferralRules.ActorOf(r, new FixedAccessScope(_cbo, OrganizationType.Cbo)).ShouldBe(ReferralActor.Cbo);
        ReferralRules.ActorOf(r, new FixedAccessScope(Guid.NewGuid(), OrganizationType.Plan)).ShouldBe(ReferralActor.None);
        ReferralRules.ActorOf(r, SystemAccessScope.Instance).ShouldBe(ReferralActor.Plan | ReferralActor.Referrer | ReferralActor.Cbo);
    }

    [Fact]
    public void ActorOf_PlanIdWithoutPlanType_IsNotThePlan()
    {
        var r = NewReferral();
        r.ReferringOrganizationId = _plan;
        ReferralRules.ActorOf(r, new FixedAccessScope(_plan, OrganizationType.Cbo)).ShouldBe(ReferralActor.Referrer);
    }

    [Theory]
    [InlineData(ReferralStatus.Submitted, ReferralStatus.Approved, ReferralActor.Plan, null)]
    [InlineData(ReferralStatus.Submitted, ReferralStatus.Approved, ReferralActor.Cbo, OutcomeKind.Forbidden)]
    [InlineData(ReferralStatus.Approved, ReferralStatus.Accepted, ReferralActor.Referrer, OutcomeKind.Forbidden)]
    [InlineData(ReferralStatus.Closed, ReferralStatus.InService, ReferralActor.Cbo, OutcomeKind.Conflict)]
    [InlineData(ReferralStatus.Submitted, ReferralStatus.Accepted, ReferralActor.Cbo, OutcomeKind.Conflict)]
    public void TransitionRefusal_SomeoneElseMay_ForbiddenElseConflict(ReferralStatus from, ReferralStatus to, ReferralActor actor, OutcomeKind? expected)
    {
        OutcomeKind? kind = ReferralRules.TransitionRefusal<string>(from, to, actor)?.Kind;
        kind.ShouldBe(expected);
    }

    private static ServiceAuthorization Authorization(decimal? units, decimal? dollars) => new()
    {
        CommunitySupportCode = "medically-tailored-meals",
        County = "Los Angeles",
        Kind = "initial",
        Start = new DateOnly(2025, 3, 1),
        End = new DateOnly(2025, 3, 31),
        Quantity = units,
        QuantityUnit = "meals",
        Amount = dollars,
    };

    private static ServiceDelivery Delivered(decimal units, decimal? dollars = null) => new() { Quantity = units, Amount = dollars, Unit = "meals" };

    [Theory]
    [InlineData(2025, 3, 1, 2025, 3, 31, true)]
    [InlineData(2025, 2, 28, 2025, 3, 2, false)]
    [InlineData(2025, 3, 30, 2025, 4, 1, false)]
    public void CoveringAuthorization_InsideOnly(int y1, int m1, int d1, int y2, int m2, int d2, bool covered)
    {
        var auth = Authorization(56, null);
        (ReferralRules.CoveringAuthorization([auth], new DateOnly(y1, m1, d1), new DateOnly(y2, m2, d2)) is not null).ShouldBe(covered);
    }

    [Fact]
    public void DeliveryRefusal_UnitsUpToTheAuthorization_ThenRefused()
    {
        var auth = Authorization(56, null);
        ReferralRules.DeliveryRefusal(auth, [Delivered(40)], 16, null).ShouldBeNull();
        var refusal = ReferralRules.DeliveryRefusal(auth, [Delivered(40)], 17, null);
        refusal.ShouldNotBeNull();
        refusal.ShouldContain("Only 16 of the 56 meals authorized remain");
    }

    [Fact]
    public void DeliveryRefusal_DollarsUpToTheAuthorization_ThenRefused()
    {
        var auth = Authorization(null, 7500);
        ReferralRules.DeliveryRefusal(auth, [Delivered(1, 7000)], 1, 500).ShouldBeNull();
        ReferralRules.DeliveryRefusal(auth, [Delivered(1, 7000)], 1, 500.01m).ShouldNotBeNull().ShouldContain("Only $500 of the $7,500 authorized remain");
        ReferralRules.DeliveryRefusal(auth, [Delivered(1, 7000)], 1, null).ShouldBeNull();
    }

    [Fact]
    public void ExtensionStart_DayAfterTheLastAuthorization_OrTheRequestedStart()
    {
        ReferralRules.ExtensionStart(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 30)).ShouldBe(new DateOnly(2025, 3, 31));
        ReferralRules.ExtensionStart(new DateOnly(2025, 3, 3), null).ShouldBe(new DateOnly(2025, 3, 3));
    }

    [Theory]
    [InlineData(120, 72, null)]
    [InlineData(1, 1, null)]
    [InlineData(720, 720, null)]
    [InlineData(0, 1, "routineHours")]
    [InlineData(721, 72, "routineHours")]
    [InlineData(120, 0, "expeditedHours")]
    [InlineData(72, 120, "expeditedHours")]
    public void ClockProblem_BoundsAndOrder(int routine, int expedited, string? field)
    {
        ReferralRules.ClockProblem(routine, expedited)?.Field.ShouldBe(field);
        ReferralRules.ClockProblem(routine, expedited).HasValue.ShouldBe(field is not null);
    }

    [Theory]
    [InlineData(OrganizationType.Plan, "plan-care-manager")]
    [InlineData(OrganizationType.EcmProvider, "ecm-lead-care-manager")]
    [InlineData(OrganizationType.Cbo, "cbo")]
    [InlineData(OrganizationType.State, "county")]
    [InlineData(null, "county")]
    public void DefaultReferrerKind_ByOrganizationType_IsAKnownKind(OrganizationType? type, string kind)
    {
        ReferralRules.DefaultReferrerKind(type).ShouldBe(kind);
        ReferrerKinds.All.ShouldContainKey(kind);
    }

    [Theory]
    [InlineData("approve", Decision.Approve)]
    [InlineData("approved", Decision.Approve)]
    [InlineData(" Denied ", Decision.Deny)]
    [InlineData("deny", Decision.Deny)]
    [InlineData("pend", Decision.Pend)]
    [InlineData("pended", Decision.Pend)]
    public void Decisions_VerbOrPastParticiple_ReadTheSame(string text, Decision expected)
    {
        Decisions.TryParse(text, out var decision).ShouldBeTrue();
        decision.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("maybe")]
    public void Decisions_Unknown_NotRead(string? text) => Decisions.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Decisions_EachFeatureAnswersInItsWords()
    {
        Decision.Approve.ToVerb().ShouldBe("approve");
        Decision.Deny.ToPastParticiple().ShouldBe("denied");
    }

    [Fact]
    public void Outcome_InvalidNamesTheField_RefusedKeepsTheReasons()
    {
        var invalid = Outcome<int>.Invalid("reason", "Give the reason.");
        invalid.Kind.ShouldBe(OutcomeKind.Invalid);
        invalid.Errors!["reason"].ShouldBe(["Give the reason."]);
        invalid.Succeeded.ShouldBeFalse();

        var refused = Outcome<int>.Refused(["Over the limit.", "Not offered."]);
        refused.Errors!["limits"].Length.ShouldBe(2);
        refused.Problems.ShouldBe(["Over the limit.", "Not offered."]);
        Outcome<int>.Ok(3).As<string>().Kind.ShouldBe(OutcomeKind.Ok);
    }
}
