using CareHub.Ecm;

namespace CareHub.Core.Tests.Ecm;

public sealed class EcmTaskScheduleTests
{
    private static readonly DateOnly _day = new(2026, 12, 3);

    [Fact]
    public void Assignment_SameDueDateHoweverTheCaseWasAuthorized()
    {
        EcmTaskSchedule.Assignment(_day).ShouldBe(new DateOnly(2026, 12, 5));

        // An automatic authorization (WPC/HHP) and a plan's decision on the same day give the same assignment task.
        var settings = new EcmPlanSettings { AuthorizationDecisionDays = 10 };
        var automatic = EcmIntake.Decide(EcmSource.Wpc, _day, settings, []);
        automatic.AutoAuthorize.ShouldBeTrue();
        EcmTaskSchedule.Assignment(_day).ShouldNotBe(_day.AddDays(settings.AuthorizationDecisionDays));
    }

    [Fact]
    public void ProviderSteps_AcceptanceOutreachAssessmentCarePlan()
    {
        EcmTaskSchedule.Acceptance(_day).ShouldBe(_day.AddDays(2));
        EcmTaskSchedule.Reassignment(_day).ShouldBe(_day.AddDays(1));
        EcmTaskSchedule.NextOutreach(_day).ShouldBe(_day.AddDays(7));
        EcmTaskSchedule.UnableToReachFollowUp(_day).ShouldBe(_day.AddDays(3));
        EcmTaskSchedule.Assessment(_day).ShouldBe(new DateOnly(2027, 1, 2));
        EcmTaskSchedule.CarePlan(_day).ShouldBe(new DateOnly(2027, 2, 1));
    }

    [Theory]
    [InlineData(6, 2027, 6, 3)]
    [InlineData(12, 2027, 12, 3)]
    public void Reassessment_FollowsThePlansMonths(int months, int y, int m, int d)
    {
        var settings = new EcmPlanSettings { ReassessmentMonths = months };
        EcmTaskSchedule.Reassessment(_day, settings).ShouldBe(new DateOnly(y, m, d));
        EcmIntake.Decide(EcmSource.Hhp, _day, settings, []).ReassessmentDue.ShouldBe(new DateOnly(y, m, d));
    }

    [Fact]
    public void PlanClocks_DecisionPresumptiveAndTransitions_FollowThePlansSettings()
    {
        var settings = new EcmPlanSettings { AuthorizationDecisionDays = 10, PresumptiveAuthorizationDays = 14, DischargeFollowUpDays = 7 };
        EcmTaskSchedule.Decision(_day, settings).ShouldBe(new DateOnly(2026, 12, 13));
        EcmIntake.Decide(EcmSource.Pcp, _day, settings, []).DecisionDueBy.ShouldBe(EcmTaskSchedule.Decision(_day, settings));
        EcmTaskSchedule.PresumptiveDecision(_day, settings).ShouldBe(new DateOnly(2026, 12, 17));
        PresumptiveAuthorization.DueBy(_day, settings).ShouldBe(EcmTaskSchedule.PresumptiveDecision(_day, settings));
        EcmTaskSchedule.DischargeFollowUp(new DateOnly(2026, 12, 28), settings).ShouldBe(new DateOnly(2027, 1, 4));
        EcmTaskSchedule.AdmissionNotice(new DateOnly(2026, 12, 31)).ShouldBe(new DateOnly(2027, 1, 1));
    }

    [Fact]
    public void Reassessment_IsScheduledOnlyWhileItIsAhead()
    {
        var settings = new EcmPlanSettings { ReassessmentMonths = 6 };
        EcmTaskSchedule.ReassessmentStillAhead(WpcHhpTransition.Date, settings, _day).ShouldBeNull();
        EcmTaskSchedule.ReassessmentStillAhead(_day, settings, _day).ShouldBe(new DateOnly(2027, 6, 3));
        EcmTaskSchedule.ReassessmentStillAhead(new DateOnly(2026, 6, 3), settings, _day).ShouldBe(_day);
        EcmTaskSchedule.ReassessmentStillAhead(new DateOnly(2026, 6, 2), settings, _day).ShouldBeNull();
    }
}
