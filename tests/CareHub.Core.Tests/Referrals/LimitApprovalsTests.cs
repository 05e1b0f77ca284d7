using System.Text.Json;
using CareHub.Catalog;
using CareHub.Core.Tests.Catalog;
using CareHub.Referrals;

namespace CareHub.Core.Tests.Referrals;

public sealed class LimitApprovalsTests
{
    private static DateOnly D(string s) => TestCatalog.Date(s);

    private static UsageRecord Used(string service, string start, decimal? amount = null) =>
        new(service, D(start), D(start), null, amount, Guid.NewGuid().ToString());

    [Fact]
    public void WithinEveryLimit_NothingToRecord()
    {
        var check = LimitEngine.Check(TestCatalog.Embedded, new LimitRequest("housing-deposits", D("2026-01-05"), D("2026-01-05"), null, 900m), []);
        LimitApprovals.Decide(check, null, null).ShouldBe((null, null));
    }

    [Fact]
    public void DocumentedException_NeedsTheCodeAndAReason()
    {
        var check = LimitEngine.Check(TestCatalog.Embedded, new LimitRequest("environmental-accessibility-adaptations", D("2026-01-05"), D("2026-01-05"), null, 900m),
            [Used("environmental-accessibility-adaptations", "2024-01-01", 7000m)]);
        LimitApprovals.Decide(check, null, "moved").Error!.Field.ShouldBe("limitException");
        LimitApprovals.Decide(check, "forced-move", "moved").Error!.Message.ShouldContain("change-of-residence");
        LimitApprovals.Decide(check, "change-of-residence", " ").Error!.Field.ShouldBe("exceptionReason");
        var (approval, error) = LimitApprovals.Decide(check, "change-of-residence", "Moved to a ground-floor unit after a fall.");
        error.ShouldBeNull();
        approval!.ExceptionCode.ShouldBe("change-of-residence");
        approval.Note.ShouldContain("lacare.org");
        approval.Note.ShouldContain("Moved to a ground-floor unit");
    }

    [Fact]
    public void UnconfirmedLimitWithoutExceptions_NeedsAReason_AndRecordsUnconfirmedLimit()
    {
        var check = LimitEngine.Check(TestCatalog.Embedded, new LimitRequest("respite-services", D("2026-01-05"), D("2026-01-31"), 400m, null), []);
        LimitApprovals.Decide(check, null, null).Error!.Field.ShouldBe("exceptionReason");
        LimitApprovals.Decide(check, "medically-necessary", "x").Error!.Field.ShouldBe("limitException");
        LimitApprovals.Decide(check, null, "Caregiver in hospital").Approval!.ExceptionCode.ShouldBe(LimitApprovals.UnconfirmedLimit);
    }

    [Fact]
    public void ConfirmedLimitWithoutException_IsRefused()
    {
        var check = LimitEngine.Check(TestCatalog.Embedded, new LimitRequest("transitional-rent", D("2026-01-01"), D("2026-07-01"), null, null), []);
        LimitApprovals.Decide(check, LimitApprovals.UnconfirmedLimit, "please").Error!.Field.ShouldBe("limits");
    }
}

public sealed class PlanPoliciesTests
{
    private static readonly Guid _plan = Guid.NewGuid();

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Read_TakesTheCatalogShape_AndNamesTheFieldOfEachError()
    {
        var (criteria, limits, errors) = PlanPolicies.Read(Json("""{"kind": "diagnosis", "codeList": "x", "codes": ["I50"], "windowMonths": 12}"""),
            Json("""[{"kind": "lifetime", "quantity": 5000, "unit": "dollars", "period": "lifetime"}]"""));
        errors.ShouldBeEmpty();
        criteria.ShouldBeOfType<DiagnosisCriterion>();
        limits!.Single().Quantity.ShouldBe(5000m);

        var (_, _, bad) = PlanPolicies.Read(null, Json("""[{"kind": "lifetime", "quantity": -1, "unit": "dollars", "period": "lifetime"}]"""));
        bad.Single().Field.ShouldBe("limits[0].quantity");
    }

    [Fact]
    public void Validate_LimitsWithinTheStates_NoOverlap_SourceNamed()
    {
        var catalog = TestCatalog.Embedded;
        var above = new PlanPolicy(_plan, "medically-tailored-meals", new DateOnly(2026, 1, 1), null, null,
            [new Limit("per-episode", 26, "weeks", "episode", null, null)], "Plan manual", null);
        PlanPolicies.Validate(catalog, above, []).Single().Field.ShouldBe("limits[0].quantity");

        var within = above with { Limits = [new Limit("per-episode", 8, "weeks", "episode", null, null)] };
        PlanPolicies.Validate(catalog, within, []).ShouldBeEmpty();
        PlanPolicies.Validate(catalog, within with { EffectiveFrom = new DateOnly(2027, 1, 1) }, [within]).Single().Field.ShouldBe("effectiveFrom");
        PlanPolicies.Validate(catalog, within with { Source = " " }, []).Single().Field.ShouldBe("source");
        PlanPolicies.Validate(catalog, within with { Limits = [] }, []).Single().Field.ShouldBe("criteria");
    }

    [Fact]
    public void PlanLimit_IsCheckedWithItsSource()
    {
        var check = LimitEngine.Check(TestCatalog.Embedded, new LimitRequest("medically-tailored-meals", new DateOnly(2026, 1, 5), new DateOnly(2026, 3, 8), 100m, null), [],
            new PlanLimits("Golden Poppy", [new Limit("per-episode", 8, "weeks", "episode", null, null)], "Plan manual 4.2"));
        var plan = check.Outcomes.Single(o => o.Source is not null);
        plan.Exceeded.ShouldBeTrue();
        plan.Refuses.ShouldBeTrue();
        plan.Message.ShouldContain("Plan manual 4.2");
        check.Allowed.ShouldBeFalse();
    }
}
