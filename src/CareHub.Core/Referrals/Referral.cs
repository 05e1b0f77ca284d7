using CareHub.Members;

namespace CareHub.Referrals;

/// <summary>
/// A referral of a member to a Community Support, and its authorization by the member's plan: who referred, why, to
/// which CBO, the plan's decision with its clock, and the CBO's progress to a closing outcome. The same referral is the
/// FHIR ServiceRequest (and its Task) with the same id.
/// </summary>
public sealed class Referral : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }

    /// <summary>The plan that authorizes: the member's plan when the referral was made.</summary>
    public Guid PlanId { get; set; }

    /// <summary>The member's county when the referral was made.</summary>
    public required string County { get; set; }

    public required string CommunitySupportCode { get; set; }

    /// <summary>The organization that referred (a plan, an ECM provider, a CBO, ...).</summary>
    public Guid ReferringOrganizationId { get; set; }

    /// <summary>What kind of referrer: <see cref="ReferrerKinds"/>.</summary>
    public required string ReferrerKind { get; set; }

    public string? ReferredBy { get; set; }

    /// <summary>The Community Supports provider asked to deliver the service; null until the plan picks one.</summary>
    public Guid? CboId { get; set; }

    public required string Reason { get; set; }
    public string? Needs { get; set; }

    /// <summary><c>routine</c> or <c>expedited</c>: chooses the plan's decision clock.</summary>
    public string Priority { get; set; } = AuthorizationClock.Routine;

    public DateOnly RequestedStart { get; set; }
    public DateOnly RequestedEnd { get; set; }
    public decimal? RequestedQuantity { get; set; }
    public decimal? RequestedAmount { get; set; }

    /// <summary>The eligibility statements the referrer attests (one per line).</summary>
    public string? Attestations { get; set; }

    public ReferralStatus Status { get; set; } = ReferralStatus.Submitted;
    public DateTimeOffset StatusChangedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the plan's decision is due (routine or expedited clock).</summary>
    public DateTimeOffset DecisionDueAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DenialReason { get; set; }

    /// <summary>The notice text sent to the member when a request is denied.</summary>
    public string? MemberNotice { get; set; }
    public string? PendReason { get; set; }

    public string? DeclineReason { get; set; }
    public string? DeclineNote { get; set; }

    /// <summary>Members the CBO said it can still take on when it accepted or declined.</summary>
    public int? ReportedCapacity { get; set; }

    public DateTimeOffset? ScheduledFor { get; set; }
    public string? ScheduleNote { get; set; }

    public string? Outcome { get; set; }
    public string? OutcomeNote { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The caller's <c>Idempotency-Key</c>, unique per referring organization.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Where the referral came from: <c>api</c>, <c>fhir</c>, <c>web</c> or <c>demo</c>.</summary>
    public string Channel { get; set; } = "api";
}

/// <summary>Kinds of referrer the standard form offers.</summary>
public static class ReferrerKinds
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["ecm-lead-care-manager"] = "ECM Lead Care Manager",
        ["plan-care-manager"] = "Plan care manager",
        ["pcp"] = "Primary care provider",
        ["hospital"] = "Hospital",
        ["cbo"] = "Community-based organization",
        ["county"] = "County agency",
        ["member"] = "The member (self-referral)",
    };
}

/// <summary>A document that supports a referral: an uploaded file or a link to one.</summary>
public sealed class ReferralDocument : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReferralId { get; set; }
    public Guid MemberId { get; set; }
    public required string Title { get; set; }
    public string? Url { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Content { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public string? AddedBy { get; set; }
}

/// <summary>One status change of a referral: the timeline the referrer sees, and the time spent in each status.</summary>
public sealed class ReferralStatusChange : IMemberData
{
    public long Id { get; set; }
    public Guid ReferralId { get; set; }
    public Guid MemberId { get; set; }
    public ReferralStatus? From { get; set; }
    public ReferralStatus To { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Seconds the referral spent in <see cref="From"/> before this change.</summary>
    public long? SecondsInPrevious { get; set; }
    public string? By { get; set; }
    public Guid? ByOrganizationId { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// Units, dates and amount a plan authorized for a member's Community Support: the first authorization of a
/// referral or an extension. Authorizations from another plan or county stay with the member and count against the
/// limits wherever the member goes. <see cref="ReferralId"/> is null for an authorization CareHub learned of
/// from elsewhere.
/// </summary>
public sealed class ServiceAuthorization : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }
    public Guid? ReferralId { get; set; }
    public Guid PlanId { get; set; }
    public required string County { get; set; }
    public required string CommunitySupportCode { get; set; }

    /// <summary><c>initial</c>, <c>extension</c> or <c>external</c>.</summary>
    public string Kind { get; set; } = "initial";
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public decimal? Quantity { get; set; }

    /// <summary>What <see cref="Quantity"/> counts (hours, meals), null for day-based services.</summary>
    public string? QuantityUnit { get; set; }
    public decimal? Amount { get; set; }
    public DateTimeOffset AuthorizedAt { get; set; }
    public string? AuthorizedBy { get; set; }

    /// <summary>When approved above a limit: the documented exception the reviewer chose (its catalog code), or
    /// <c>unconfirmed-limit</c>; null when the authorization is within every limit.</summary>
    public string? LimitException { get; set; }

    /// <summary>Why the reviewer approved above the limit.</summary>
    public string? LimitExceptionReason { get; set; }

    /// <summary>The limits the approval went above, as the check described them.</summary>
    public string? LimitExceptionLimits { get; set; }

    /// <summary>The episode it belongs to, for lifetime counts: the referral id (or its own id).</summary>
    public string EpisodeKey => (ReferralId ?? Id).ToString();

    public UsageRecord ToUsage() => new(CommunitySupportCode, Start, End, Quantity, Amount, EpisodeKey, PlanId, County);
}

/// <summary>A service the CBO delivered: dates and units (and amount when it is paid in dollars).</summary>
public sealed class ServiceDelivery : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }
    public Guid ReferralId { get; set; }
    public Guid? AuthorizationId { get; set; }
    public Guid CboId { get; set; }
    public DateOnly ServiceDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public decimal Quantity { get; set; }
    public string? Unit { get; set; }
    public decimal? Amount { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
}

/// <summary>A request to extend a referral's authorization when it runs out, and the plan's decision on it.</summary>
public sealed class ExtensionRequest : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }
    public Guid ReferralId { get; set; }
    public DateOnly RequestedEnd { get; set; }
    public decimal? RequestedQuantity { get; set; }
    public decimal? RequestedAmount { get; set; }
    public required string Reason { get; set; }

    /// <summary><c>pending</c>, <c>approved</c> or <c>denied</c>.</summary>
    public string Status { get; set; } = "pending";
    public DateTimeOffset RequestedAt { get; set; }
    public string? RequestedBy { get; set; }
    public Guid? RequestedByOrganizationId { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionNote { get; set; }
    public Guid? AuthorizationId { get; set; }
}

/// <summary>A plan's authorization clocks: hours from submission to decision for routine and expedited requests.</summary>
public sealed class PlanAuthorizationSettings
{
    public Guid PlanId { get; set; }
    public int RoutineHours { get; set; } = AuthorizationClock.DefaultRoutineHours;
    public int ExpeditedHours { get; set; } = AuthorizationClock.DefaultExpeditedHours;
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>The decision clock.</summary>
public static class AuthorizationClock
{
    public const string Routine = "routine";
    public const string Expedited = "expedited";

    /// <summary>Five days for a routine request (Medi-Cal's standard prior-authorization timeline).</summary>
    public const int DefaultRoutineHours = 120;

    /// <summary>72 hours for an expedited request.</summary>
    public const int DefaultExpeditedHours = 72;

    public static bool IsPriority(string? value) => value is Routine or Expedited;

    public static DateTimeOffset DueAt(DateTimeOffset submittedAt, string priority, int routineHours, int expeditedHours) =>
        submittedAt.AddHours(priority == Expedited ? expeditedHours : routineHours);

    /// <summary>"due in 3 h", "overdue by 2 d 4 h", "decided on time".</summary>
    public static string Describe(DateTimeOffset dueAt, DateTimeOffset now, DateTimeOffset? decidedAt)
    {
        if (decidedAt is { } decided)
        {
            return decided <= dueAt ? "decided on time" : $"decided {Span(decided - dueAt)} late";
        }

        return now <= dueAt ? $"due in {Span(dueAt - now)}" : $"overdue by {Span(now - dueAt)}";
    }

    private static string Span(TimeSpan t) =>
        t.TotalHours >= 24 ? $"{(int)t.TotalDays} d {t.Hours} h" : t.TotalMinutes >= 60 ? $"{(int)t.TotalHours} h" : $"{Math.Max(1, (int)t.TotalMinutes)} min";
}
