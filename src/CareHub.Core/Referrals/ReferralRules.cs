using CareHub.Common;

namespace CareHub.Referrals;

/// <summary>The referral decisions that need no database: who the caller is in a referral, whether a refused step is
/// forbidden (someone else may take it) or a conflict (nobody may, now), what a delivered service may use of its
/// authorization, where an extension starts, and the bounds of the plan's decision clocks.</summary>
public static class ReferralRules
{
    /// <summary>Which parts <paramref name="scope"/>'s organization plays in the referral. The unrestricted system
    /// scope plays every part; the plan part needs a plan organization.</summary>
    public static ReferralActor ActorOf(Referral r, IAccessScope scope)
    {
        if (scope.IsUnrestricted)
        {
            return ReferralActor.Plan | ReferralActor.Referrer | ReferralActor.Cbo;
        }

        var org = scope.OrganizationId;
        var actor = ReferralActor.None;
        if (org == r.PlanId && scope.OrganizationType == OrganizationType.Plan) { actor |= ReferralActor.Plan; }
        if (org == r.ReferringOrganizationId) { actor |= ReferralActor.Referrer; }
        if (org == r.CboId) { actor |= ReferralActor.Cbo; }
        return actor;
    }

    /// <summary>Null when <paramref name="actor"/> may move the referral; otherwise a <see cref="OutcomeKind.Forbidden"/>
    /// refusal when another party may take this step, or <see cref="OutcomeKind.Conflict"/> when nobody may.</summary>
    public static Outcome<T>? TransitionRefusal<T>(ReferralStatus from, ReferralStatus to, ReferralActor actor)
    {
        if (ReferralWorkflow.Check(from, to, actor) is not { } problem)
        {
            return null;
        }

        return ReferralWorkflow.Check(from, to, ReferralActor.Plan | ReferralActor.Referrer | ReferralActor.Cbo) is null
            ? Outcome<T>.Forbidden(problem)
            : Outcome<T>.Conflict(problem);
    }

    /// <summary>The authorization a service delivered from <paramref name="date"/> to <paramref name="end"/> falls
    /// inside, or null.</summary>
    public static ServiceAuthorization? CoveringAuthorization(IEnumerable<ServiceAuthorization> authorizations, DateOnly date, DateOnly end) =>
        authorizations.FirstOrDefault(a => a.Start <= date && a.End >= end);

    /// <summary>Null when <paramref name="quantity"/> units (and <paramref name="amount"/> dollars) fit in what is left
    /// of the authorization after <paramref name="delivered"/>; otherwise why not.</summary>
    public static string? DeliveryRefusal(ServiceAuthorization authorization, IReadOnlyCollection<ServiceDelivery> delivered, decimal quantity, decimal? amount)
    {
        var units = delivered.Sum(d => d.Quantity);
        if (authorization.Quantity is { } authorizedUnits && units + quantity > authorizedUnits)
        {
            return $"Only {LimitEngine.Format(authorizedUnits - units)} of the {LimitEngine.Format(authorizedUnits)} {authorization.QuantityUnit} authorized remain; request an extension for more.";
        }

        var dollars = delivered.Sum(d => d.Amount ?? 0);
        if (authorization.Amount is { } authorizedAmount && amount is { } wanted && dollars + wanted > authorizedAmount)
        {
            return $"Only ${LimitEngine.Format(authorizedAmount - dollars)} of the ${LimitEngine.Format(authorizedAmount)} authorized remain.";
        }

        return null;
    }

    /// <summary>An extension starts the day after the last authorization ends (or on the requested start when the
    /// referral has none).</summary>
    public static DateOnly ExtensionStart(DateOnly requestedStart, DateOnly? lastAuthorizedEnd) =>
        lastAuthorizedEnd is { } end ? end.AddDays(1) : requestedStart;

    /// <summary>The longest decision clock a plan may set: 30 days.</summary>
    public const int MaxClockHours = 24 * 30;

    /// <summary>Null when the clocks are acceptable (each 1 to 720 hours, expedited no longer than routine);
    /// otherwise the field and why.</summary>
    public static (string Field, string Message)? ClockProblem(int routineHours, int expeditedHours)
    {
        if (routineHours is < 1 or > MaxClockHours)
        {
            return ("routineHours", "Routine hours must be between 1 and 720.");
        }

        if (expeditedHours is < 1 or > MaxClockHours || expeditedHours > routineHours)
        {
            return ("expeditedHours", "Expedited hours must be between 1 and the routine hours.");
        }

        return null;
    }

    /// <summary>The referrer kind assumed when none is given: what an organization of that type usually is.</summary>
    public static string DefaultReferrerKind(OrganizationType? type) => type switch
    {
        OrganizationType.Plan => "plan-care-manager",
        OrganizationType.EcmProvider => "ecm-lead-care-manager",
        OrganizationType.Cbo => "cbo",
        _ => "county",
    };
}
