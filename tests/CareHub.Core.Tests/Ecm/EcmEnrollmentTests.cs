using CareHub.Ecm;

namespace CareHub.Core.Tests.Ecm;

public sealed class EcmEnrollmentTests
{
    private static readonly DateOnly _today = new(2026, 3, 10);

    [Fact]
    public void EnrollmentDateIsRequired_ConsentIsOptional()
    {
        EcmEnrollment.Validate(null, _today, new DateOnly(2026, 3, 1), _today).Single().Field.ShouldBe("enrollmentDate");
        EcmEnrollment.Validate(_today, null, new DateOnly(2026, 3, 1), _today).ShouldBeEmpty();
        EcmEnrollment.Validate(_today.AddDays(1), null, new DateOnly(2026, 3, 1), _today).Single().Message.ShouldContain("future");
        EcmEnrollment.Validate(_today, new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1), _today).Single().Field.ShouldBe("consentDate");
    }

    [Theory]
    [InlineData("wpc")]
    [InlineData("hhp")]
    public void WpcHhp_OnlyOn20220101_WithTheProvider(string source)
    {
        var provider = Guid.NewGuid();
        WpcHhpTransition.Check(source, new DateOnly(2022, 1, 1), provider).ShouldBeNull();
        var later = WpcHhpTransition.Check(source, new DateOnly(2022, 1, 2), provider)!;
        later.Field.ShouldBe("source");
        later.Message.ShouldContain("2022-01-01");
        WpcHhpTransition.Check(source, new DateOnly(2022, 1, 1), null)!.Field.ShouldBe("providerId");
        WpcHhpTransition.Check("pcp", new DateOnly(2026, 1, 1), null).ShouldBeNull();
    }

    [Fact]
    public void Presumptive_PlanDecidesWithinItsClock_OrTheEnrollmentEnds()
    {
        var settings = new EcmPlanSettings { AllowPresumptiveAuthorization = true, PresumptiveAuthorizationDays = 14 };
        PresumptiveAuthorization.CanEnroll(new EcmPlanSettings(), _today)!.Field.ShouldBe("presumptive");
        PresumptiveAuthorization.CanEnroll(settings, new DateOnly(2024, 12, 31))!.Field.ShouldBe("enrollmentDate");
        PresumptiveAuthorization.CanEnroll(settings, _today).ShouldBeNull();

        var due = PresumptiveAuthorization.DueBy(_today, settings);
        due.ShouldBe(new DateOnly(2026, 3, 24));
        PresumptiveAuthorization.Decide(true, due, due).ShouldBe(PresumptiveOutcome.Authorized);
        PresumptiveAuthorization.Decide(false, due, due).ShouldBe(PresumptiveOutcome.Denied);
        PresumptiveAuthorization.Decide(true, due, due.AddDays(1)).ShouldBe(PresumptiveOutcome.Expired);
        PresumptiveAuthorization.HasExpired(due, due.AddDays(1)).ShouldBeTrue();
    }
}
