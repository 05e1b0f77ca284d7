namespace CareHub.Ecm;

/// <summary>A step of the case journey: what it is called and which statuses it may start from.</summary>
public sealed record EcmStep(string Name, IReadOnlyList<string> From, string To);

/// <summary>
/// The ECM case status machine. Every change of status goes through <see cref="Check"/>; a step out of order is
/// refused with a message naming the case's current status.
/// </summary>
public static class EcmStateMachine
{
    public static readonly EcmStep Authorize = new("authorize", [EcmStatus.Referred], EcmStatus.Authorized);
    public static readonly EcmStep Deny = new("deny", [EcmStatus.Referred], EcmStatus.Denied);

    /// <summary>Assignment (or reassignment to another provider, which keeps the history).</summary>
    public static readonly EcmStep Assign = new("assign", [EcmStatus.Authorized, EcmStatus.Assigned, EcmStatus.Accepted, EcmStatus.Outreach, EcmStatus.Enrolled], EcmStatus.Assigned);

    public static readonly EcmStep Accept = new("accept", [EcmStatus.Assigned], EcmStatus.Accepted);
    public static readonly EcmStep Decline = new("decline", [EcmStatus.Assigned], EcmStatus.Authorized);
    public static readonly EcmStep LogOutreach = new("log outreach", [EcmStatus.Accepted, EcmStatus.Outreach], EcmStatus.Outreach);
    public static readonly EcmStep Enroll = new("enroll", [EcmStatus.Outreach], EcmStatus.Enrolled);

    /// <summary>Assessments, care plans and care team changes need an enrolled member.</summary>
    public static readonly EcmStep Document = new("document care", [EcmStatus.Enrolled], EcmStatus.Enrolled);

    public static readonly EcmStep Disenroll = new("disenroll", [EcmStatus.Authorized, EcmStatus.Assigned, EcmStatus.Accepted, EcmStatus.Outreach, EcmStatus.Enrolled], EcmStatus.Disenrolled);

    /// <summary>Null when <paramref name="step"/> may be taken from <paramref name="current"/>; otherwise why not.</summary>
    public static string? Check(string current, EcmStep step)
    {
        if (step.From.Contains(current))
        {
            return null;
        }

        var from = step.From.Count == 1 ? $"'{step.From[0]}'" : "one of " + string.Join(", ", step.From.Select(s => $"'{s}'"));
        return $"The case is '{current}'; {step.Name} needs a case that is {from}.";
    }

    /// <summary>The statuses a case in <paramref name="current"/> can move to next.</summary>
    public static IReadOnlyList<string> Next(string current) =>
        [.. new[] { Authorize, Deny, Assign, Accept, Decline, LogOutreach, Enroll, Disenroll }
            .Where(s => s.From.Contains(current) && s.To != current).Select(s => s.To).Distinct()];
}

/// <summary>What happens to a new referral.</summary>
public sealed record IntakeDecision(bool AutoAuthorize, DateOnly DecisionDueBy, DateOnly? ReassessmentDue, string? Note);

public static class EcmIntake
{
    /// <summary>
    /// Members moving from Whole Person Care or the Health Homes Program are authorized at once and must be
    /// reassessed within the plan's months (six by default) — unless an exclusion rule applies, in which case the
    /// plan decides. Everyone else waits for the plan's decision, due <see cref="EcmPlanSettings.AuthorizationDecisionDays"/>
    /// days after the referral.
    /// </summary>
    public static IntakeDecision Decide(string source, DateOnly referredOn, EcmPlanSettings settings, IReadOnlyList<ExclusionFinding> findings)
    {
        var due = referredOn.AddDays(settings.AuthorizationDecisionDays);
        if (!EcmSource.IsTransition(source))
        {
            return new IntakeDecision(false, due, null, null);
        }

        var blocking = findings.Where(f => f.Blocks).ToList();
        if (blocking.Count > 0)
        {
            return new IntakeDecision(false, due, null,
                $"Not authorized automatically: {string.Join("; ", blocking.Select(f => f.Reason))}.");
        }

        return new IntakeDecision(true, due, EcmDueDates.Reassessment(referredOn, settings),
            $"Authorized automatically: transition from {(source == EcmSource.Wpc ? "Whole Person Care" : "the Health Homes Program")}; reassessment due within {settings.ReassessmentMonths} months.");
    }
}

/// <summary>Due dates of the tasks the journey creates.</summary>
public static class EcmDueDates
{
    public static DateOnly DischargeFollowUp(DateOnly dischargeDate, EcmPlanSettings settings) => dischargeDate.AddDays(settings.DischargeFollowUpDays);

    public static DateOnly Reassessment(DateOnly authorizedOn, EcmPlanSettings settings) => authorizedOn.AddMonths(settings.ReassessmentMonths);

    /// <summary>The decision clock: days left (negative when overdue) on <paramref name="today"/>.</summary>
    public static int DaysLeft(DateOnly dueBy, DateOnly today) => dueBy.DayNumber - today.DayNumber;
}
