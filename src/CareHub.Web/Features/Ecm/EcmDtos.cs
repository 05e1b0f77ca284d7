using System.Text.Json.Serialization;
using CareHub.Ecm;

namespace CareHub.Web.Features.Ecm;

public sealed record CaseRef(Guid Id, EcmStatus Status);

public sealed record HistoryItem(DateTimeOffset At, EcmStatus Status, string? By);

public sealed record TimelineItem(DateTimeOffset At, string Kind, EcmStatus Status, string? By, string? Detail);

public sealed record OutreachItem(Guid Id, DateOnly Date, string Modality, string Outcome, string? Note, string? By, DateTimeOffset RecordedAt);

public sealed record TaskItem(Guid Id, Guid CaseId, Guid MemberId, string MemberName, string PlanMemberId, string Kind, string Title,
    DateOnly DueDate, bool Overdue, DateTimeOffset? CompletedAt, string? CompletedBy, Guid OrganizationId);

public sealed record ExclusionItem(string Code, string Name, string Type, bool Blocks, string Reason, string Confidence, string? Notes);

public sealed record UnableToReachItem(string Rule, bool Flagged, int UnsuccessfulAttempts, int DaysOfOutreach, int InPersonAttempts, bool Reached, string Explanation);

public sealed record AssessmentItem(Guid Id, string FormCode, int FormVersion, string FormTitle, IReadOnlyDictionary<string, string?> Answers,
    IReadOnlyList<string> SocialNeeds, DateTimeOffset CompletedAt, string? CompletedBy);

public sealed record CarePlanItem(int Version, string ProblemsAndGoals, IReadOnlyList<CarePlanIntervention> Interventions, string? MemberWords,
    string? ProgressNotes, DateTimeOffset SavedAt, string? SavedBy);

public sealed record CareTeamItem(Guid Id, string Name, string Role, string? Organization, string? Contact, bool Internal, bool LeadCareManager, DateTimeOffset AddedAt);

public sealed record TransitionItem(Guid Id, string Kind, DateOnly EventDate, string Facility, string? FacilityType, string? Diagnosis, DateTimeOffset ImportedAt);

public sealed record CaseDetail(
    Guid Id, Guid MemberId, string MemberName, string PlanMemberId, string? MemberCounty, string? MemberLanguage, EcmStatus Status, string StatusLabel,
    Guid? ProviderId, string? ProviderName, Guid PlanId, string? PlanName, string Source, string? Reason, string? Population,
    string? ReferrerName, string? ReferrerOrganization, DateTimeOffset ReferredAt, string? ReferredBy, DateOnly DecisionDueBy, int DecisionDaysLeft,
    bool AutoAuthorized, DateTimeOffset? DecidedAt, string? DecisionReason, DateOnly? ConsentDate, string? LeadCareManager,
    string? DisenrollmentReason, string? DisenrollmentNote, DateTimeOffset StatusChangedAt, int MergedReferrals,
    IReadOnlyList<HistoryItem> History, IReadOnlyList<TimelineItem> Timeline, IReadOnlyList<OutreachItem> Outreach,
    UnableToReachItem UnableToReach, IReadOnlyList<ExclusionItem> Exclusions, IReadOnlyList<TaskItem> Tasks,
    IReadOnlyList<AssessmentItem> Assessments, IReadOnlyList<CarePlanItem> CarePlanVersions, IReadOnlyList<CareTeamItem> CareTeam,
    IReadOnlyList<TransitionItem> Transitions, IReadOnlyList<EcmStatus> NextStatuses,
    DateOnly? EnrollmentDate = null, bool Presumptive = false, DateOnly? PresumptiveDueBy = null)
{
    public int CarePlanVersion => CarePlanVersions.Count == 0 ? 0 : CarePlanVersions.Max(v => v.Version);
}

public sealed record CaseRow(Guid Id, Guid MemberId, string MemberName, string PlanMemberId, string County, EcmStatus Status, string Source,
    string? Population, Guid? ProviderId, string? ProviderName, DateTimeOffset ReferredAt, DateOnly DecisionDueBy, DateTimeOffset StatusChangedAt, int DaysInStatus);

public sealed record CaseFilter(string? Status = null, string? Q = null, Guid? ProviderId = null, bool StuckOnly = false, string? Sort = null, int Page = 1, int PageSize = 25);

public sealed record WorklistFilter(string? Due = null, string? Kind = null, string? Sort = null, int Page = 1, int PageSize = 25);

public sealed record CaseloadRow(Guid ProviderId, string ProviderName, int? Capacity, int Caseload, int? Remaining, IReadOnlyDictionary<string, int> ByStatus);

public sealed record SuggestionItem(Guid ProviderId, string ProviderName, bool ServesCounty, bool ServesPopulation, bool HasCapacity, bool SpeaksLanguage,
    bool KnowsMember, int? Capacity, int Caseload, int? Remaining, IReadOnlyList<string> Reasons);

public sealed record OutreachCountRow(Guid ProviderId, string ProviderName, string Modality, string Outcome, int Attempts, int Members);

/// <summary>Referrals made from an identification run: eligible members, those who already had an open case,
/// cases created, and those left for a next batch.</summary>
public sealed record RunReferrals(Guid RunId, int Eligible, int AlreadyOpen, int Created, int Remaining);

public sealed record ImportResult(int Rows, int Imported, int Duplicates, int TasksCreated, IReadOnlyList<string> Errors);

public static class EcmText
{
    public static string Population(string? code) => string.IsNullOrEmpty(code) ? "—" : code;
}

/// <summary>One page of a list. A long list counts at most <see cref="EcmQueries.TotalCap"/> matches: then
/// <see cref="Total"/> is a lower bound (shown as "1,000+") and <see cref="HasNext"/> says whether another page has rows.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    /// <summary>True when more than <see cref="Total"/> items may match (the count stopped at its cap).</summary>
    public bool TotalIsLowerBound { get; init; }

    /// <summary>The pages the total covers; with a lower bound, at least this many (and at least the page shown).</summary>
    public int Pages => PageSize == 0 ? 0 : Math.Max(TotalIsLowerBound ? Page : 1, (Total + PageSize - 1) / PageSize);

    /// <summary>True when the next page has rows.</summary>
    public bool HasNext { get; init; }

    /// <summary>The total as a person reads it: "1,000+" when it is a lower bound.</summary>
    [JsonIgnore]
    public string TotalText => new CappedCount(Total, TotalIsLowerBound).Text;

    /// <summary>The number of pages as a person reads it: "40+" when the total is a lower bound.</summary>
    [JsonIgnore]
    public string PagesText => Pages.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + (TotalIsLowerBound ? "+" : "");
}

/// <summary>The queue's cards: cases by status, and the overdue decisions and stuck cases.</summary>
public sealed record QueueCounts(IReadOnlyDictionary<string, int> ByStatus, CappedCount OverdueDecisions, CappedCount Stuck);

/// <summary>A count that stopped at a cap: <see cref="AtLeast"/> says more may match.</summary>
public readonly record struct CappedCount(int Value, bool AtLeast)
{
    /// <summary>A count of up to <paramref name="cap"/> + 1 rows: past the cap it reads "at least <paramref name="cap"/>".</summary>
    public static CappedCount Of(int counted, int cap) => counted > cap ? new(cap, true) : new(counted, false);

    /// <summary>The count as a person reads it: "1,000+" past the cap.</summary>
    public string Text => Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + (AtLeast ? "+" : "");
}

internal static class EcmStatusExtensions
{
    public static bool IsProviderStage(this EcmStatus status) => EcmStatus.WithProvider.Contains(status);
}
