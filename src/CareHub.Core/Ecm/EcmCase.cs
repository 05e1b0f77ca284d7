using CareHub.Members;

namespace CareHub.Ecm;

/// <summary>
/// One member's episode of Enhanced Care Management: referral, authorization, assignment to an ECM provider,
/// outreach, enrollment, assessments, care plan, disenrollment. A member has at most one open case; a later
/// re-enrollment is a new case, so the earlier one stays as history.
/// </summary>
public sealed class EcmCase : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }

    /// <summary>The plan that enrolls the member and decides the authorization.</summary>
    public Guid PlanId { get; set; }

    /// <summary>One of <see cref="EcmStatus"/>.</summary>
    public EcmStatus Status { get; set; } = EcmStatus.Referred;

    /// <summary>The member id while the case is open, null once closed: a unique index keeps one open case per member.</summary>
    public Guid? OpenMemberId { get; set; }

    /// <summary>One of <see cref="EcmSource"/>.</summary>
    public required string Source { get; set; }

    public string? Reason { get; set; }
    public string? ReferrerName { get; set; }
    public string? ReferrerOrganization { get; set; }
    public string? ReferrerPhone { get; set; }

    /// <summary>The Population of Focus the member was referred or identified for (catalog code).</summary>
    public string? Population { get; set; }

    public DateTimeOffset ReferredAt { get; set; }
    public string? ReferredBy { get; set; }

    /// <summary>When the plan must have decided the authorization (the decision clock).</summary>
    public DateOnly DecisionDueBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionReason { get; set; }
    public bool AutoAuthorized { get; set; }

    /// <summary>The ECM provider the case is assigned to (null before assignment or after a decline).</summary>
    public Guid? ProviderId { get; set; }

    public DateTimeOffset? AssignedAt { get; set; }
    public string? LeadCareManager { get; set; }
    /// <summary>The date the member gave consent, when they did; ECM needs no formal documented consent.</summary>
    public DateOnly? ConsentDate { get; set; }

    /// <summary>The date the member was enrolled in ECM (required to enroll).</summary>
    public DateOnly? EnrollmentDate { get; set; }
    public DateTimeOffset? EnrolledAt { get; set; }

    /// <summary>For a presumptive enrollment not yet authorized: the last day the plan may authorize it.</summary>
    public DateOnly? PresumptiveDueBy { get; set; }

    /// <summary>True when the case started as a presumptive enrollment by the provider.</summary>
    public bool Presumptive { get; set; }
    public DateTimeOffset? DisenrolledAt { get; set; }
    public string? DisenrollmentReason { get; set; }
    public string? DisenrollmentNote { get; set; }

    /// <summary>When the case last changed status (for "stuck in a status too long").</summary>
    public DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>Number of referrals merged into this case after the first.</summary>
    public int MergedReferrals { get; set; }

    /// <summary>Optimistic concurrency: two changes made from the same state cannot both be saved.</summary>
    public Guid Revision { get; set; } = Guid.NewGuid();

    public bool IsOpen => EcmStatus.IsOpen(Status);
}

/// <summary>One line of a case's history: a status change, a merged referral, a reassignment, a note.</summary>
public sealed class EcmCaseEvent : IMemberData
{
    public long Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid MemberId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The case's status after the event.</summary>
    public required EcmStatus Status { get; set; }

    /// <summary><c>status</c> for a status change; otherwise what happened (<c>referral-merged</c>, <c>task</c>, ...).</summary>
    public required string Kind { get; set; }

    public string? By { get; set; }
    public string? Detail { get; set; }
}

public static class EcmEventKind
{
    public const string Status = "status";
    public const string ReferralMerged = "referral-merged";
    public const string Declined = "declined";
    public const string Outreach = "outreach";
    public const string Assessment = "assessment";
    public const string CarePlan = "care-plan";
    public const string CareTeam = "care-team";
    public const string Transition = "transition";
    public const string TaskDone = "task-done";
}

/// <summary>One attempt to reach the member.</summary>
public sealed class OutreachAttempt : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid MemberId { get; set; }
    public Guid ProviderId { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>One of <see cref="OutreachModality"/>.</summary>
    public required string Modality { get; set; }

    /// <summary>One of <see cref="OutreachOutcome"/>.</summary>
    public required string Outcome { get; set; }

    public string? Note { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Something someone must do for a case by a date. Owned by an organization (the plan or the provider).</summary>
public sealed class EcmTask : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid MemberId { get; set; }

    /// <summary>The organization whose worklist shows the task.</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>One of <see cref="EcmTaskKind"/>.</summary>
    public required string Kind { get; set; }

    public required string Title { get; set; }

    /// <summary>The member's <see cref="Member.SortName"/>, kept on the task so a worklist sorted by member name
    /// reads in index order instead of sorting every open task.</summary>
    public string MemberSortName { get; set; } = "";

    public DateOnly DueDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }

    public bool IsOpen => CompletedAt is null;
}

public static class EcmTaskKind
{
    public const string AuthorizationDecision = "authorization-decision";
    public const string Assignment = "assignment";
    public const string Outreach = "outreach";
    public const string Assessment = "assessment";
    public const string CarePlan = "care-plan";
    public const string Reassessment = "reassessment";
    public const string DischargeFollowUp = "discharge-follow-up";
    public const string AdmissionNotice = "admission-notice";
    public const string FollowUp = "follow-up";
}

/// <summary>A completed comprehensive assessment: which form version, the answers, who and when.</summary>
public sealed class EcmAssessment : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid MemberId { get; set; }
    public required string FormCode { get; set; }
    public int FormVersion { get; set; }

    /// <summary>Answers keyed by question code, as JSON.</summary>
    public required string AnswersJson { get; set; }

    /// <summary>Social needs found by the standard screen (codes), comma-separated, for worklists and reporting.</summary>
    public string? SocialNeeds { get; set; }

    public DateTimeOffset CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
}

/// <summary>
/// One saved version of a case's care plan. Versions are never overwritten: a save adds version N+1 and is refused
/// when someone else saved version N+1 first (a unique index on case and version makes that hold under races).
/// </summary>
public sealed class CarePlanVersion : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid MemberId { get; set; }
    public int Version { get; set; }

    /// <summary>Problems and goals, one per line.</summary>
    public required string ProblemsAndGoals { get; set; }

    /// <summary>Interventions with owner and due date, as JSON (<see cref="CarePlanIntervention"/>).</summary>
    public required string InterventionsJson { get; set; }

    /// <summary>The member's own words about what matters to them.</summary>
    public string? MemberWords { get; set; }

    public string? ProgressNotes { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public string? SavedBy { get; set; }
}

public sealed record CarePlanIntervention(string Text, string? Owner, DateOnly? DueDate);

/// <summary>A person on the member's care team: the provider's own staff (internal) or others (PCP, housing navigator...).</summary>
public sealed class CareTeamMember : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid MemberId { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    public string? Organization { get; set; }
    public string? Contact { get; set; }
    public bool IsInternal { get; set; }
    public bool IsLeadCareManager { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
}

/// <summary>An admission or discharge reported by a hospital or facility feed.</summary>
public sealed class TransitionEvent : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }
    public Guid? CaseId { get; set; }

    /// <summary><c>admit</c> or <c>discharge</c>.</summary>
    public required string Kind { get; set; }

    public DateOnly EventDate { get; set; }
    public required string Facility { get; set; }
    public string? FacilityType { get; set; }
    public string? Diagnosis { get; set; }
    public Guid ImportId { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>A member's enrollment in another program (hospice, PACE, a 1915(c) waiver, other care management),
/// checked against the catalog's ECM exclusion and non-duplication rules.</summary>
public sealed class MemberProgramEnrollment : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }

    /// <summary>The program code used by the catalog's criteria (<c>hospice</c>, <c>pace</c>, <c>1915c-mssp</c>, ...).</summary>
    public required string Program { get; set; }

    public DateOnly Start { get; set; }
    public DateOnly? End { get; set; }
    public string? Source { get; set; }

    public bool Covers(DateOnly date) => Start <= date && (End is null || date <= End);
}

/// <summary>What an ECM provider offers beyond the directory (counties, capacity and languages are on the organization).</summary>
public sealed class EcmProviderProfile
{
    public Guid OrganizationId { get; set; }

    /// <summary>Population of Focus codes the provider serves.</summary>
    public List<string> PopulationsServed { get; set; } = [];

    public bool AcceptingReferrals { get; set; } = true;
}
