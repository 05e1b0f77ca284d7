namespace CareHub.Referrals;

/// <summary>Where a Community Supports referral is. The wire codes (<see cref="ReferralStatuses.ToCode"/>) are part
/// of the API contract.</summary>
public enum ReferralStatus
{
    /// <summary>Sent to the plan; waiting for the authorization decision.</summary>
    Submitted = 1,

    /// <summary>The plan needs more information before it decides.</summary>
    Pended = 2,

    /// <summary>Authorized by the plan; waiting for the CBO to accept.</summary>
    Approved = 3,

    /// <summary>The plan denied it (reason and a notice for the member).</summary>
    Denied = 4,

    /// <summary>The CBO accepted the member.</summary>
    Accepted = 5,

    /// <summary>The CBO declined (reason, e.g. no capacity).</summary>
    Declined = 6,

    /// <summary>The CBO scheduled the first service.</summary>
    Scheduled = 7,

    /// <summary>Services are being delivered.</summary>
    InService = 8,

    /// <summary>Closed by the CBO with an outcome: the loop is closed.</summary>
    Closed = 9,

    /// <summary>Withdrawn by the referrer or the plan.</summary>
    Cancelled = 10,
}

/// <summary>Who acts on a referral. One organization can be several at once (a plan's care manager refers and the
/// same plan authorizes).</summary>
[Flags]
public enum ReferralActor
{
    None = 0,
    Plan = 1,
    Referrer = 2,
    Cbo = 4,
}

public static class ReferralStatuses
{
    public static string ToCode(this ReferralStatus status) => status switch
    {
        ReferralStatus.Submitted => "submitted",
        ReferralStatus.Pended => "pended",
        ReferralStatus.Approved => "approved",
        ReferralStatus.Denied => "denied",
        ReferralStatus.Accepted => "accepted",
        ReferralStatus.Declined => "declined",
        ReferralStatus.Scheduled => "scheduled",
        ReferralStatus.InService => "in-service",
        ReferralStatus.Closed => "closed",
        ReferralStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? code, out ReferralStatus status)
    {
        foreach (var s in Enum.GetValues<ReferralStatus>())
        {
            if (string.Equals(s.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = s;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static string Label(this ReferralStatus status) => status switch
    {
        ReferralStatus.Submitted => "Waiting for authorization",
        ReferralStatus.Pended => "Pended for more information",
        ReferralStatus.Approved => "Authorized, waiting for the provider",
        ReferralStatus.Denied => "Denied",
        ReferralStatus.Accepted => "Accepted by the provider",
        ReferralStatus.Declined => "Declined by the provider",
        ReferralStatus.Scheduled => "Scheduled",
        ReferralStatus.InService => "Receiving services",
        ReferralStatus.Closed => "Closed",
        ReferralStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };

    /// <summary>No further change is possible.</summary>
    public static bool IsFinal(this ReferralStatus status) =>
        status is ReferralStatus.Denied or ReferralStatus.Closed or ReferralStatus.Cancelled;

    /// <summary>The FHIR Task status (Gravity SDOH referral management) for a CareHub status.</summary>
    public static string ToTaskStatus(this ReferralStatus status) => status switch
    {
        ReferralStatus.Submitted or ReferralStatus.Approved => "requested",
        ReferralStatus.Pended => "on-hold",
        ReferralStatus.Accepted or ReferralStatus.Scheduled => "accepted",
        ReferralStatus.InService => "in-progress",
        ReferralStatus.Closed => "completed",
        ReferralStatus.Declined or ReferralStatus.Denied => "rejected",
        ReferralStatus.Cancelled => "cancelled",
        _ => "requested",
    };
}

/// <summary>The outcome codes a CBO closes a referral with.</summary>
public static class ReferralOutcomes
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["services-completed"] = "Services completed",
        ["goal-met"] = "Goal met (for example housed)",
        ["member-declined"] = "Member declined services",
        ["unable-to-contact"] = "Unable to contact the member",
        ["moved-out-of-area"] = "Member moved out of the service area",
        ["no-longer-eligible"] = "Member no longer eligible",
        ["authorization-ended"] = "Authorization ended",
        ["member-deceased"] = "Member deceased",
        ["other"] = "Other (see note)",
    };
}

/// <summary>The reasons a CBO declines a referral.</summary>
public static class DeclineReasons
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["at-capacity"] = "No capacity now",
        ["outside-service-area"] = "Outside our service area",
        ["not-eligible"] = "Member does not meet our program's criteria",
        ["unable-to-contact"] = "Unable to contact the member",
        ["member-declined"] = "Member declined",
        ["other"] = "Other (see note)",
    };
}

/// <summary>The referral and authorization status machine: which change is allowed from which status, and for whom.</summary>
public static class ReferralWorkflow
{
    private static readonly Dictionary<(ReferralStatus From, ReferralStatus To), ReferralActor> _transitions = new()
    {
        [(ReferralStatus.Submitted, ReferralStatus.Approved)] = ReferralActor.Plan,
        [(ReferralStatus.Submitted, ReferralStatus.Denied)] = ReferralActor.Plan,
        [(ReferralStatus.Submitted, ReferralStatus.Pended)] = ReferralActor.Plan,
        [(ReferralStatus.Pended, ReferralStatus.Approved)] = ReferralActor.Plan,
        [(ReferralStatus.Pended, ReferralStatus.Denied)] = ReferralActor.Plan,
        [(ReferralStatus.Pended, ReferralStatus.Submitted)] = ReferralActor.Referrer | ReferralActor.Plan,
        [(ReferralStatus.Approved, ReferralStatus.Accepted)] = ReferralActor.Cbo,
        [(ReferralStatus.Approved, ReferralStatus.Declined)] = ReferralActor.Cbo,
        [(ReferralStatus.Declined, ReferralStatus.Approved)] = ReferralActor.Plan,
        [(ReferralStatus.Accepted, ReferralStatus.Scheduled)] = ReferralActor.Cbo,
        [(ReferralStatus.Accepted, ReferralStatus.InService)] = ReferralActor.Cbo,
        [(ReferralStatus.Accepted, ReferralStatus.Closed)] = ReferralActor.Cbo,
        [(ReferralStatus.Scheduled, ReferralStatus.Scheduled)] = ReferralActor.Cbo,
        [(ReferralStatus.Scheduled, ReferralStatus.InService)] = ReferralActor.Cbo,
        [(ReferralStatus.Scheduled, ReferralStatus.Closed)] = ReferralActor.Cbo,
        [(ReferralStatus.InService, ReferralStatus.InService)] = ReferralActor.Cbo,
        [(ReferralStatus.InService, ReferralStatus.Closed)] = ReferralActor.Cbo,
        [(ReferralStatus.Submitted, ReferralStatus.Cancelled)] = ReferralActor.Referrer | ReferralActor.Plan,
        [(ReferralStatus.Pended, ReferralStatus.Cancelled)] = ReferralActor.Referrer | ReferralActor.Plan,
        [(ReferralStatus.Approved, ReferralStatus.Cancelled)] = ReferralActor.Referrer | ReferralActor.Plan,
        [(ReferralStatus.Accepted, ReferralStatus.Cancelled)] = ReferralActor.Referrer | ReferralActor.Plan,
        [(ReferralStatus.Scheduled, ReferralStatus.Cancelled)] = ReferralActor.Referrer | ReferralActor.Plan,
        [(ReferralStatus.Declined, ReferralStatus.Cancelled)] = ReferralActor.Referrer | ReferralActor.Plan,
    };

    /// <summary>Null when <paramref name="actor"/> may move a referral from <paramref name="from"/> to
    /// <paramref name="to"/>; otherwise why not, in words for the user.</summary>
    public static string? Check(ReferralStatus from, ReferralStatus to, ReferralActor actor)
    {
        if (!_transitions.TryGetValue((from, to), out var allowed))
        {
            return from.IsFinal()
                ? $"The referral is {from.ToCode()}; it cannot change any more."
                : $"A referral that is {from.ToCode()} cannot become {to.ToCode()}.";
        }

        if ((allowed & actor) == 0)
        {
            return $"Only {Describe(allowed)} can move a referral from {from.ToCode()} to {to.ToCode()}.";
        }

        return null;
    }

    /// <summary>The statuses <paramref name="actor"/> may move a referral to from <paramref name="from"/>.</summary>
    public static IReadOnlyList<ReferralStatus> Next(ReferralStatus from, ReferralActor actor) =>
        [.. _transitions.Where(t => t.Key.From == from && (t.Value & actor) != 0).Select(t => t.Key.To).Distinct()];

    private static string Describe(ReferralActor actor)
    {
        var names = new List<string>();
        if (actor.HasFlag(ReferralActor.Plan)) { names.Add("the member's plan"); }
        if (actor.HasFlag(ReferralActor.Referrer)) { names.Add("the referring organization"); }
        if (actor.HasFlag(ReferralActor.Cbo)) { names.Add("the Community Supports provider"); }
        return string.Join(" or ", names);
    }
}
