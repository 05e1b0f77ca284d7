using CareHub.Catalog;
using CareHub.Identification;

namespace CareHub.Ecm;

/// <summary>A step of the case journey: what it is called, which statuses it may start from, where it leads and who
/// may take it.</summary>
public sealed record EcmStep(string Name, IReadOnlyList<EcmStatus> From, EcmStatus To, EcmActor By = EcmActor.Plan | EcmActor.Provider);

/// <summary>
/// The ECM case status machine. Every change of status goes through <see cref="Check"/>; a step out of order is
/// refused with a message naming the case's current status.
/// </summary>
public static class EcmStateMachine
{
    public static readonly EcmStep Authorize = new("authorize", [EcmStatus.Referred], EcmStatus.Authorized, EcmActor.Plan);
    public static readonly EcmStep Deny = new("deny", [EcmStatus.Referred], EcmStatus.Denied, EcmActor.Plan);

    /// <summary>Assignment (or reassignment to another provider, which keeps the history).</summary>
    public static readonly EcmStep Assign = new("assign", [EcmStatus.Authorized, EcmStatus.Assigned, EcmStatus.Accepted, EcmStatus.Outreach, EcmStatus.Enrolled], EcmStatus.Assigned, EcmActor.Plan);

    public static readonly EcmStep Accept = new("accept", [EcmStatus.Assigned], EcmStatus.Accepted, EcmActor.Provider);
    public static readonly EcmStep Decline = new("decline", [EcmStatus.Assigned], EcmStatus.Authorized, EcmActor.Provider);
    public static readonly EcmStep LogOutreach = new("log outreach", [EcmStatus.Accepted, EcmStatus.Outreach], EcmStatus.Outreach, EcmActor.Provider);
    public static readonly EcmStep Enroll = new("enroll", [EcmStatus.Outreach], EcmStatus.Enrolled, EcmActor.Provider);

    /// <summary>Assessments, care plans and care team changes need an enrolled member.</summary>
    public static readonly EcmStep Document = new("document care", [EcmStatus.Enrolled], EcmStatus.Enrolled, EcmActor.Provider);

    /// <summary>The plan's decision on a presumptive enrollment (the case stays enrolled or ends).</summary>
    public static readonly EcmStep DecidePresumptive = new("decide the presumptive enrollment", [EcmStatus.Enrolled], EcmStatus.Enrolled, EcmActor.Plan);

    public static readonly EcmStep Disenroll = new("disenroll", [EcmStatus.Authorized, EcmStatus.Assigned, EcmStatus.Accepted, EcmStatus.Outreach, EcmStatus.Enrolled], EcmStatus.Disenrolled);

    /// <summary>Null when <paramref name="step"/> may be taken from <paramref name="current"/>; otherwise why not.</summary>
    public static string? Check(EcmStatus current, EcmStep step)
    {
        if (step.From.Contains(current))
        {
            return null;
        }

        var from = step.From.Count == 1 ? $"'{step.From[0].ToCode()}'" : "one of " + string.Join(", ", step.From.Select(s => $"'{s.ToCode()}'"));
        return $"The case is '{current.ToCode()}'; {step.Name} needs a case that is {from}.";
    }

    /// <summary>The statuses a case in <paramref name="current"/> can move to next.</summary>
    public static IReadOnlyList<EcmStatus> Next(EcmStatus current) =>
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
        var due = EcmTaskSchedule.Decision(referredOn, settings);
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

        return new IntakeDecision(true, due, EcmTaskSchedule.Reassessment(referredOn, settings),
            $"Authorized automatically: transition from {(source == EcmSource.Wpc ? "Whole Person Care" : "the Health Homes Program")}; reassessment due within {settings.ReassessmentMonths} months.");
    }

    /// <summary>
    /// Null when <paramref name="population"/> is live in the member's <paramref name="county"/> on
    /// <paramref name="on"/> (Populations of Focus went live county by county); otherwise the problem, under the
    /// <c>population</c> field.
    /// </summary>
    public static FieldProblem? GoLiveProblem(PopulationOfFocus population, string? county, DateOnly on)
    {
        if (PopulationGoLive.IsLive(population.GoLive, county, on))
        {
            return null;
        }

        var where = PopulationGoLive.CountyName(county) is { Length: > 0 } name ? name + " County" : "the member's county";
        return PopulationGoLive.LiveFrom(population.GoLive, county) is { } from
            ? new("population", $"Population of Focus '{population.Code}' goes live in {where} on {EcmEnrollment.Iso(from)}; ECM for it cannot start on {EcmEnrollment.Iso(on)}.")
            : new("population", $"Population of Focus '{population.Code}' is not live in {where}.");
    }
}

/// <summary>Due dates the pages read; the dates themselves come from <see cref="EcmTaskSchedule"/>.</summary>
public static class EcmDueDates
{
    public static DateOnly DischargeFollowUp(DateOnly dischargeDate, EcmPlanSettings settings) => EcmTaskSchedule.DischargeFollowUp(dischargeDate, settings);

    public static DateOnly Reassessment(DateOnly authorizedOn, EcmPlanSettings settings) => EcmTaskSchedule.Reassessment(authorizedOn, settings);

    /// <summary>The decision clock: days left (negative when overdue) on <paramref name="today"/>.</summary>
    public static int DaysLeft(DateOnly dueBy, DateOnly today) => dueBy.DayNumber - today.DayNumber;
}
