using CareHub.Referrals;

namespace CareHub.Web.Features.Referrals;

public sealed record ReferralSummary(
    Guid Id,
    Guid MemberId,
    string MemberName,
    string CommunitySupportCode,
    string CommunitySupportName,
    string Status,
    string StatusLabel,
    string TaskStatus,
    string Priority,
    Guid PlanId,
    string? PlanName,
    Guid ReferringOrganizationId,
    string? ReferringOrganizationName,
    Guid? CboId,
    string? CboName,
    string County,
    DateOnly RequestedStart,
    DateOnly RequestedEnd,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset DecisionDueAt,
    DateTimeOffset? DecidedAt,
    string Clock,
    string? Outcome);

public sealed record TimelineEntry(string? From, string To, string Label, DateTimeOffset At, long? SecondsInPrevious, string? By, string? Organization, string? Note);

public sealed record AuthorizationDto(Guid Id, Guid? ReferralId, Guid PlanId, string? PlanName, string County, string CommunitySupportCode, string Kind,
    DateOnly Start, DateOnly End, decimal? Quantity, string? QuantityUnit, decimal? Amount, DateTimeOffset AuthorizedAt, string? AuthorizedBy,
    string? LimitException = null, string? LimitExceptionReason = null, string? LimitExceptionLimits = null);

public sealed record DeliveryDto(Guid Id, DateOnly ServiceDate, DateOnly? EndDate, decimal Quantity, string? Unit, decimal? Amount, string? Note, DateTimeOffset RecordedAt, string? RecordedBy);

public sealed record ExtensionDto(Guid Id, DateOnly RequestedEnd, decimal? RequestedQuantity, decimal? RequestedAmount, string Reason, string Status,
    DateTimeOffset RequestedAt, string? RequestedBy, DateTimeOffset? DecidedAt, string? DecidedBy, string? DecisionNote);

public sealed record DocumentDto(Guid Id, string Title, string? Url, string? ContentType, bool HasContent, DateTimeOffset AddedAt, string? AddedBy);

/// <summary>The lists of a <see cref="ReferralDetail"/> a view reads (see <see cref="ReferralQueries.DetailsAsync"/>).</summary>
[Flags]
public enum ReferralParts
{
    None = 0,
    Timeline = 1,
    Authorizations = 2,
    Deliveries = 4,
    Extensions = 8,
    Documents = 16,
    All = Timeline | Authorizations | Deliveries | Extensions | Documents,
}

/// <summary>One referral as its reader may see it now. While the CBO waits for the plan's authorization,
/// <see cref="Reason"/>, <see cref="Needs"/>, attestations, documents, the plan's reasons and the timeline's notes are
/// empty and <see cref="ClinicalDetailWithheld"/> says when they appear.</summary>
public sealed record ReferralDetail(
    ReferralSummary Summary,
    string ReferrerKind,
    string? ReferredBy,
    string? Reason,
    string? Needs,
    decimal? RequestedQuantity,
    decimal? RequestedAmount,
    string? QuantityUnit,
    IReadOnlyList<string> Attestations,
    string? DenialReason,
    string? MemberNotice,
    string? PendReason,
    string? DeclineReason,
    string? DeclineNote,
    int? ReportedCapacity,
    DateTimeOffset? ScheduledFor,
    string? ScheduleNote,
    string? Outcome,
    string? OutcomeNote,
    DateTimeOffset? ClosedAt,
    string Channel,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<AuthorizationDto> Authorizations,
    IReadOnlyList<DeliveryDto> Deliveries,
    IReadOnlyList<ExtensionDto> Extensions,
    IReadOnlyList<DocumentDto> Documents,
    IReadOnlyList<string> AllowedActions,
    decimal? AuthorizedQuantity,
    decimal DeliveredQuantity,
    DateOnly? AuthorizedThrough,
    string? ClinicalDetailWithheld = null);

/// <summary>The instant check as the API and the form show it.</summary>
public sealed record CheckDto(
    string CommunitySupportCode,
    string? CommunitySupportName,
    bool CanProceed,
    bool Offered,
    string OfferingMessage,
    string Criteria,
    IReadOnlyList<CriteriaLineDto> CriteriaLines,
    IReadOnlyList<string> Attestations,
    IReadOnlyList<LimitDto> Limits,
    IReadOnlyList<string> Problems,
    string? QuantityUnit,
    bool NeedsAmount,
    IReadOnlyList<string>? Warnings = null,
    string? PlanPolicy = null)
{
    public static CheckDto From(ReferralCheckResult r) => new(
        r.ServiceCode, r.ServiceName, r.CanProceed, r.Offered, r.OfferingMessage, r.Criteria.ToCode(),
        [.. r.CriteriaLines.Select(l => new CriteriaLineDto(l.Depth, l.Text, l.Result.ToCode(), l.Why))],
        r.Attestations,
        [.. r.Limits.Outcomes.Select(LimitDto.From)],
        r.Blocking, r.QuantityUnit, r.NeedsAmount, r.Warnings, r.PolicyMessage);
}

public sealed record CriteriaLineDto(int Depth, string Text, string Result, string? Why);

public sealed record LimitDto(string Code, string Label, string Kind, decimal Limit, string Unit, string Period, decimal Used, decimal Requested,
    decimal Remaining, bool Exceeded, string Window, string Confidence, string Message, string? Note,
    bool Warns = false, IReadOnlyList<LimitExceptionDto>? Exceptions = null, string? Source = null)
{
    public static LimitDto From(LimitOutcome o) => new(o.Code, o.Label, o.Kind, o.Limit, o.Unit, o.Period, o.Used, o.Requested, o.Remaining,
        o.Exceeded, o.Window, o.Confidence.ToString().ToLowerInvariant(), o.Message, o.Note, o.Warns,
        [.. (o.Exceptions ?? []).Select(e => new LimitExceptionDto(e.Code, e.Description, e.Source, e.Confidence.ToString().ToLowerInvariant(), e.UpTo, e.Requires,
            o.ApplicableExceptions.Contains(e)))],
        o.Source);
}

/// <summary>A documented exception to a limit; <see cref="Applies"/> when it could cover this request.</summary>
public sealed record LimitExceptionDto(string Code, string Description, string Source, string Confidence, decimal? UpTo, string? Requires, bool Applies);

/// <summary>A member's usage of one Community Support, for the member page.</summary>
public sealed record UsageDto(string CommunitySupportCode, string CommunitySupportName, IReadOnlyList<LimitDto> Limits, IReadOnlyList<AuthorizationDto> Authorizations);

public static class CriteriaResultCodes
{
    public static string ToCode(this CriteriaResult r) => r switch
    {
        CriteriaResult.Met => "appears-met",
        CriteriaResult.NotMet => "appears-not-met",
        _ => "not-determined",
    };
}
