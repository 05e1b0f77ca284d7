namespace CareHub.Ecm;

/// <summary>
/// When each ECM task falls due, in one place. Days count from the day of the step that creates the task. The plan's
/// own clocks come from <see cref="EcmPlanSettings"/>; the fixed days are CareHub's working defaults.
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

    /// <summary>The plan's task to assign a provider to an authorized case: the same rule however it was authorized.</summary>
    public static DateOnly Assignment(DateOnly authorizedOn) => authorizedOn.AddDays(AssignmentDays);

    public static DateOnly Reassignment(DateOnly declinedOn) => declinedOn.AddDays(ReassignmentDays);

    public static DateOnly Acceptance(DateOnly assignedOn) => assignedOn.AddDays(AcceptanceDays);

    public static DateOnly NextOutreach(DateOnly lastStepOn) => lastStepOn.AddDays(OutreachDays);

    public static DateOnly UnableToReachFollowUp(DateOnly on) => on.AddDays(UnableToReachFollowUpDays);

    public static DateOnly Assessment(DateOnly enrolledOn) => enrolledOn.AddDays(AssessmentDays);

    public static DateOnly CarePlan(DateOnly enrolledOn) => enrolledOn.AddDays(CarePlanDays);

    /// <summary>The reassessment of an automatically authorized case (<see cref="EcmDueDates.Reassessment"/>).</summary>
    public static DateOnly Reassessment(DateOnly authorizedOn, EcmPlanSettings settings) => EcmDueDates.Reassessment(authorizedOn, settings);
}
