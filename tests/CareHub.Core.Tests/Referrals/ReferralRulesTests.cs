using CareHub.Catalog;
using CareHub.Core.Tests.Catalog;
using CareHub.Referrals;

namespace CareHub.Core.Tests.Referrals;

public sealed class ReferralRulesTests
{
    // --- status machine -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(ReferralStatus.Submitted, ReferralStatus.Approved, ReferralActor.Plan, true)]
    [InlineData(ReferralStatus.Submitted, ReferralStatus.Approved, ReferralActor.Referrer, false)]
    [InlineData(ReferralStatus.Submitted, ReferralStatus.Approved, ReferralActor.Cbo, false)]
    [InlineData(ReferralStatus.Submitted, ReferralStatus.Accepted, ReferralActor.Cbo, false)]
    [InlineData(ReferralStatus.Approved, ReferralStatus.Accepted, ReferralActor.Cbo, true)]
    [InlineData(ReferralStatus.Approved, ReferralStatus.Accepted, ReferralActor.Plan, false)]
    [InlineData(ReferralStatus.Pended, ReferralStatus.Submitted, ReferralActor.Referrer, true)]
    [InlineData(ReferralStatus.InService, ReferralStatus.Closed, ReferralActor.Cbo, true)]
    [InlineData(ReferralStatus.Closed, ReferralStatus.InService, ReferralActor.Cbo, false)]
    [InlineData(ReferralStatus.Denied, ReferralStatus.Approved, ReferralActor.Plan, false)]
    [InlineData(ReferralStatus.Declined, ReferralStatus.Approved, ReferralActor.Plan, true)]
    [InlineData(ReferralStatus.Accepted, ReferralStatus.Cancelled, ReferralActor.Referrer, true)]
    [InlineData(ReferralStatus.InService, ReferralStatus.Cancelled, ReferralActor.Referrer, false)]
    public void Workflow_AllowsOnlyTheRightPartyTheRightStep(ReferralStatus from, ReferralStatus to, ReferralActor actor, bool allowed)
    {
        (ReferralWorkflow.Check(from, to, actor) is null).ShouldBe(allowed);
    }

    [Fact]
    public void Workflow_ExplainsWhy()
    {
        ReferralWorkflow.Check(ReferralStatus.Submitted, ReferralStatus.Approved, ReferralActor.Cbo).ShouldBe("Only the member's plan can move a referral from submitted to approved.");
        ReferralWorkflow.Check(ReferralStatus.Closed, ReferralStatus.Cancelled, ReferralActor.Plan).ShouldBe("The referral is closed; it cannot change any more.");
        ReferralWorkflow.Next(ReferralStatus.Approved, ReferralActor.Cbo).ShouldBe([ReferralStatus.Accepted, ReferralStatus.Declined], ignoreOrder: true);
        ReferralWorkflow.Next(ReferralStatus.Submitted, ReferralActor.Plan | ReferralActor.Referrer)
            .ShouldBe([ReferralStatus.Approved, ReferralStatus.Denied, ReferralStatus.Pended, ReferralStatus.Cancelled], ignoreOrder: true);
    }

    [Fact]
    public void Statuses_HaveStableCodes_AndMapToGravityTaskStatuses()
    {
        foreach (var s in Enum.GetValues<ReferralStatus>())
        {
            ReferralStatuses.TryParse(s.ToCode(), out var back).ShouldBeTrue();
            back.ShouldBe(s);
            s.ToTaskStatus().ShouldNotBeOneOf("ready", "received");
        }

        ReferralStatus.InService.ToCode().ShouldBe("in-service");
        ReferralStatus.Closed.ToTaskStatus().ShouldBe("completed");
        ReferralStatus.Declined.ToTaskStatus().ShouldBe("rejected");
        ReferralStatus.Pended.ToTaskStatus().ShouldBe("on-hold");
    }

    // --- authorization clock -------------------------------------------------------------------------------------

    [Fact]
    public void Clock_RoutineAndExpeditedFollowThePlanSetting()
    {
        var submitted = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        AuthorizationClock.DueAt(submitted, AuthorizationClock.Routine, 120, 72).ShouldBe(submitted.AddDays(5));
        AuthorizationClock.DueAt(submitted, AuthorizationClock.Expedited, 120, 72).ShouldBe(submitted.AddHours(72));
        AuthorizationClock.DueAt(submitted, AuthorizationClock.Expedited, 96, 24).ShouldBe(submitted.AddHours(24));

        var due = submitted.AddHours(72);
        AuthorizationClock.Describe(due, due.AddHours(-3), null).ShouldBe("due in 3 h");
        AuthorizationClock.Describe(due, due.AddHours(28), null).ShouldBe("overdue by 1 d 4 h");
        AuthorizationClock.Describe(due, due.AddHours(99), due).ShouldBe("decided on time");
        AuthorizationClock.Describe(due, due, due.AddHours(2)).ShouldBe("decided 2 h late");
    }

    // --- webhooks -------------------------------------------------------------------------------------------------

    [Fact]
    public void Webhook_SignatureIsHmacSha256OfTheBody()
    {
        // Known value: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        Webhooks.Sign("key", "The quick brown fox jumps over the lazy dog")
            .ShouldBe("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        var body = """{"id":"1","type":"referral.status-changed"}""";
        var signature = Webhooks.Sign("whsec_abc", body);
        Webhooks.Verify("whsec_abc", body, signature).ShouldBeTrue();
        Webhooks.Verify("whsec_abd", body, signature).ShouldBeFalse();
        Webhooks.Verify("whsec_abc", body + " ", signature).ShouldBeFalse();
        Webhooks.Verify("whsec_abc", body, null).ShouldBeFalse();
    }

    [Fact]
    public void Webhook_BackoffDoublesUpToTheCap()
    {
        var b = TimeSpan.FromSeconds(5);
        var max = TimeSpan.FromMinutes(1);
        Webhooks.Backoff(1, b, max).ShouldBe(TimeSpan.FromSeconds(5));
        Webhooks.Backoff(2, b, max).ShouldBe(TimeSpan.FromSeconds(10));
        Webhooks.Backoff(4, b, max).ShouldBe(TimeSpan.FromSeconds(40));
        Webhooks.Backoff(5, b, max).ShouldBe(max);
        Webhooks.Backoff(40, b, max).ShouldBe(max);
        Webhooks.NewSecret().ShouldStartWith("whsec_");
        Webhooks.NewSecret().ShouldNotBe(Webhooks.NewSecret());
    }

    // --- instant check --------------------------------------------------------------------------------------------

    private static readonly Guid _plan = Guid.NewGuid();

    private static ScreenFacts Facts(params ScreenEncounter[] encounters) =>
        new(new DateOnly(1960, 5, 1), "F", "Los Angeles", false, "1H", null, encounters);

    [Fact]
    public void Check_NotOfferedInTheCounty_OrBeforeTheOfferingStarts_Blocks()
    {
        var offerings = new[] { new PlanOffering(_plan, "Los Angeles", "medically-tailored-meals", new DateOnly(2022, 7, 1), null) };
        var request = new LimitRequest("medically-tailored-meals", new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 30), 56, null);
        var ok = ReferralChecks.Check(TestCatalog.Embedded, offerings, "Golden Poppy", "Los Angeles", request, Facts(), [], []);
        ok.Offered.ShouldBeTrue();
        ok.CanProceed.ShouldBeTrue();
        ok.QuantityUnit.ShouldBe("meals");

        var orange = ReferralChecks.Check(TestCatalog.Embedded, offerings, "Golden Poppy", "Orange", request, Facts(), [], []);
        orange.CanProceed.ShouldBeFalse();
        orange.Blocking.Single().ShouldBe("Golden Poppy does not offer Medically Tailored Meals/Medically Supportive Food in Orange County on 2025-03-03.");

        var early = ReferralChecks.Check(TestCatalog.Embedded, offerings, "Golden Poppy", "Los Angeles", request with { Start = new DateOnly(2022, 6, 30) }, Facts(), [], []);
        early.Offered.ShouldBeFalse();
    }

    [Fact]
    public void Check_CriteriaFromClaimsAndAttestations()
    {
        var offerings = new[] { new PlanOffering(_plan, "Los Angeles", "medically-tailored-meals", new DateOnly(2022, 1, 1), null) };
        var request = new LimitRequest("medically-tailored-meals", new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 30), 56, null);
        var withHistory = Facts(new ScreenEncounter("emergency", new DateOnly(2024, 11, 2), "I50.9"));

        // The state's rule leaves the criteria to each plan: without the plan's policy only the attestation decides.
        var state = ReferralChecks.Check(TestCatalog.Embedded, offerings, "P", "Los Angeles", request, withHistory, [], []);
        state.Criteria.ShouldBe(CriteriaResult.Unknown);
        state.Policy.ShouldBeNull();

        // The plan's policy (one plan's published criteria) applies in addition, with its source.
        var policy = new PlanPolicy(_plan, "medically-tailored-meals", new DateOnly(2022, 1, 1), null,
            new AllOf([
                new DiagnosisCriterion("diet", ["I50", "N18"], 12),
                new EventCountCriterion(["ed-visit", "inpatient-admission"], 1, 12),
            ]), [], "https://lacare.org/providers/provider-resources/community-supports/meals", null);
        var statement = state.Attestations.Single();
        var planned = ReferralChecks.Check(TestCatalog.Embedded, offerings, "P", "Los Angeles", request, withHistory, [statement], [], [policy]);
        planned.Criteria.ShouldBe(CriteriaResult.Met);
        planned.PolicyMessage!.ShouldContain("lacare.org");

        // An ED visit more than 12 months before the start no longer counts.
        var old = Facts(new ScreenEncounter("emergency", new DateOnly(2024, 3, 2), "I50.9"));
        ReferralChecks.Check(TestCatalog.Embedded, offerings, "P", "Los Angeles", request, old, [statement], [], [policy]).Criteria.ShouldBe(CriteriaResult.NotMet);

        // Respite rests on attestations only: unknown until the referrer attests both.
        var respite = TestCatalog.Embedded.CommunitySupportOn("respite-services", new DateOnly(2025, 3, 3))!.Version.Criteria;
        var statements = CriteriaScreen.Attestations(respite);
        statements.Count.ShouldBe(2);
        CriteriaScreen.Evaluate(respite, Facts(), new DateOnly(2025, 3, 3), [statements[0]]).Result.ShouldBe(CriteriaResult.Unknown);
        var both = CriteriaScreen.Evaluate(respite, Facts(), new DateOnly(2025, 3, 3), statements);
        both.Result.ShouldBe(CriteriaResult.Met);
        both.Lines.Count(l => l.Why == "attested by the referrer").ShouldBe(2);
    }
}
