namespace CareHub.Ecm;

/// <summary>A field and what is wrong with it.</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>
/// Enrollment in ECM. The enrollment date is required; consent is optional: the policy requires no formal documented
/// consent before ECM starts (the member may decline or stop at any time), so a consent date is recorded only when
/// the member gave one.
/// </summary>
public static class EcmEnrollment
{
    public static IReadOnlyList<FieldProblem> Validate(DateOnly? enrollmentDate, DateOnly? consentDate, DateOnly referredOn, DateOnly today)
    {
        var problems = new List<FieldProblem>();
        if (enrollmentDate is not { } enrolled)
        {
            problems.Add(new("enrollmentDate", "enrollmentDate is required: the date the member was enrolled in ECM (yyyy-MM-dd)."));
        }
        else if (enrolled > today)
        {
            problems.Add(new("enrollmentDate", $"enrollmentDate {Iso(enrolled)} is in the future."));
        }
        else if (enrolled < referredOn)
        {
            problems.Add(new("enrollmentDate", $"enrollmentDate {Iso(enrolled)} is before the referral ({Iso(referredOn)})."));
        }

        if (consentDate is { } consent)
        {
            if (consent > today)
            {
                problems.Add(new("consentDate", $"consentDate {Iso(consent)} is in the future."));
            }
            else if (consent < referredOn)
            {
                problems.Add(new("consentDate", $"consentDate {Iso(consent)} is before the referral ({Iso(referredOn)})."));
            }
        }

        return problems;
    }

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Members of Whole Person Care pilots and the Health Homes Program moved into ECM on 2022-01-01 without re-enrolling,
/// with the provider that served them (lacare.org/providers/ecm/faqs). CareHub records such a transition as a case
/// enrolled on that date with that provider; <c>wpc</c> and <c>hhp</c> are not sources for any later referral.
/// </summary>
public static class WpcHhpTransition
{
    public static readonly DateOnly Date = new(2022, 1, 1);

    /// <summary>Null when a case with <paramref name="source"/> dated <paramref name="transitionDate"/> may be
    /// recorded; otherwise the problem, naming the field.</summary>
    public static FieldProblem? Check(string source, DateOnly transitionDate, Guid? providerId)
    {
        if (!EcmSource.IsTransition(source))
        {
            return null;
        }

        var program = source == EcmSource.Wpc ? "Whole Person Care" : "the Health Homes Program";
        if (transitionDate != Date)
        {
            return new("source", $"Source '{source}' is only for members who moved from {program} into ECM on {EcmEnrollment.Iso(Date)}; "
                + $"a referral dated {EcmEnrollment.Iso(transitionDate)} needs the source that referred the member now (for example pcp, hospital, cbo or plan).");
        }

        return providerId is null || providerId == Guid.Empty
            ? new("providerId", $"providerId is required: the ECM provider that served the member in {program}, who keeps the member in ECM.")
            : null;
    }
}

/// <summary>The plan's answer to a presumptive enrollment.</summary>
public enum PresumptiveOutcome
{
    /// <summary>Authorized within the plan's clock: the enrollment continues.</summary>
    Authorized,

    /// <summary>The plan denied it: the enrollment ends.</summary>
    Denied,

    /// <summary>The plan's clock ran out before it authorized: the enrollment ends.</summary>
    Expired,
}

/// <summary>
/// Presumptive authorization (from 2025-01-01, chgsd.com; UNCONFIRMED which provider types may presume, for how long,
/// and the DHCS deadlines): where the plan allows it, an ECM provider enrolls the member at once and the plan
/// authorizes within its own clock (<see cref="EcmPlanSettings.PresumptiveAuthorizationDays"/>); if the plan denies, or
/// does not authorize in time, the enrollment ends.
/// </summary>
public static class PresumptiveAuthorization
{
    public static readonly DateOnly AvailableFrom = new(2025, 1, 1);

    /// <summary>Null when the provider may enroll presumptively on <paramref name="enrollmentDate"/>; otherwise why not.</summary>
    public static FieldProblem? CanEnroll(EcmPlanSettings settings, DateOnly enrollmentDate)
    {
        if (!settings.AllowPresumptiveAuthorization)
        {
            return new("presumptive", "The member's plan does not allow presumptive ECM authorization; refer the member and wait for the plan's decision.");
        }

        return enrollmentDate < AvailableFrom
            ? new("enrollmentDate", $"Presumptive authorization exists from {EcmEnrollment.Iso(AvailableFrom)}; enrollmentDate {EcmEnrollment.Iso(enrollmentDate)} is earlier.")
            : null;
    }

    /// <summary>The last day the plan may authorize a presumptive enrollment that started on <paramref name="enrolledOn"/>.</summary>
    public static DateOnly DueBy(DateOnly enrolledOn, EcmPlanSettings settings) => EcmTaskSchedule.PresumptiveDecision(enrolledOn, settings);

    /// <summary>What the plan's decision (or its silence) means on <paramref name="today"/>.</summary>
    public static PresumptiveOutcome Decide(bool approved, DateOnly dueBy, DateOnly today) =>
        today > dueBy ? PresumptiveOutcome.Expired : approved ? PresumptiveOutcome.Authorized : PresumptiveOutcome.Denied;

    /// <summary>True once the plan's clock has run out without an authorization.</summary>
    public static bool HasExpired(DateOnly dueBy, DateOnly today) => today > dueBy;
}
