namespace CareHub.Ecm;

/// <summary>
/// When each ECM task (and the plan's decision clocks) falls due, in one place. Days count from the day of the step
/// that creates the task. The plan's own clocks come from <see cref="EcmPlanSettings"/>; the fixed days are CareHub's
/// working defaults.
/// </summary>
public static class EcmTaskSchedule
{
    /// <summary>Days the plan has to assign a provider once a case is authorized (automatically or by decision).</summary>
    public const int AssignmentDays = 2;

    /// <summary>Days the plan has to reassign after the provider declined.</summary>
    public const int ReassignmentDays = 1;

    /// <summary>Days a provider has to accept or decline an assignment.</summary>
    public const int AcceptanceDays = 2;

    /// <summary>Days between outreach attempts (the first one after acceptance, then each next one).</summary>
    public const int OutreachDays = 7;

    /// <summary>Days a provider has to close outreach (or say why it continues) once the member is unable to reach.</summary>
    public const int UnableToReachFollowUpDays = 3;

    /// <summary>Days from enrollment to the comprehensive assessment.</summary>
    public const int AssessmentDays = 30;

    /// <summary>Days from enrollment to the care plan.</summary>
    public const int CarePlanDays = 60;

    /// <summary>Days to coordinate with discharge planning after an admission notice.</summary>
    public const int AdmissionNoticeDays = 1;

    /// <summary>The plan's authorization decision on a referral: <see cref="EcmPlanSettings.AuthorizationDecisionDays"/>
    /// after the referral.</summary>
    public static DateOnly Decision(DateOnly referredOn, EcmPlanSettings settings) => referredOn.AddDays(settings.AuthorizationDecisionDays);

    /// <summary>The last day the plan may authorize a presumptive enrollment that started on <paramref name="enrolledOn"/>.</summary>
    public static DateOnly PresumptiveDecision(DateOnly enrolledOn, EcmPlanSettings settings) => enrolledOn.AddDays(settings.PresumptiveAuthorizationDays);

    /// <summary>The plan's task to assign a provider to an authorized case: the same rule however it was authorized.</summary>
    public static DateOnly Assignment(DateOnly authorizedOn) => authorizedOn.AddDays(AssignmentDays);

    public static DateOnly Reassignment(DateOnly declinedOn) => declinedOn.AddDays(ReassignmentDays);

    public static DateOnly Acceptance(DateOnly assignedOn) => assignedOn.AddDays(AcceptanceDays);

    public static DateOnly NextOutreach(DateOnly lastStepOn) => lastStepOn.AddDays(OutreachDays);

    public static DateOnly UnableToReachFollowUp(DateOnly on) => on.AddDays(UnableToReachFollowUpDays);

    public static DateOnly Assessment(DateOnly enrolledOn) => enrolledOn.AddDays(AssessmentDays);

    public static DateOnly CarePlan(DateOnly enrolledOn) => enrolledOn.AddDays(CarePlanDays);

    public static DateOnly AdmissionNotice(DateOnly admittedOn) => admittedOn.AddDays(AdmissionNoticeDays);

    public static DateOnly DischargeFollowUp(DateOnly dischargeDate, EcmPlanSettings settings) => dischargeDate.AddDays(settings.DischargeFollowUpDays);

    /// <summary>The reassessment of an automatically authorized case: the plan's months (calendar months) after the
    /// authorization.</summary>
    public static DateOnly Reassessment(DateOnly authorizedOn, EcmPlanSettings settings) => authorizedOn.AddMonths(settings.ReassessmentMonths);

    /// <summary>The reassessment task is created only while its date is still ahead (a transition dated years ago
    /// gets none).</summary>
    public static DateOnly? ReassessmentStillAhead(DateOnly authorizedOn, EcmPlanSettings settings, DateOnly today) =>
        Reassessment(authorizedOn, settings) is var due && due >= today ? due : null;
}
