using CareHub.Members;

namespace CareHub.Exchange;

/// <summary>
/// What an ECM provider last reported for a member on its Return Transmission File: the provider's own account of
/// ECM status, dates, lead care manager, discontinuation and the closed-loop referral elements. The plan reads it
/// next to CareHub's case; a later RTF row for the same member and provider replaces it.
/// </summary>
public sealed class EcmReturnRecord : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }
    public Guid ProviderId { get; set; }
    public Guid PlanId { get; set; }
    public Guid? CaseId { get; set; }
    public required string EcmStatus { get; set; }
    public DateOnly? EnrollmentStart { get; set; }
    public DateOnly? EnrollmentEnd { get; set; }
    public DateOnly? CarePlanDate { get; set; }
    public DateOnly? AssessmentDate { get; set; }
    public string? LeadCareManager { get; set; }
    public DateOnly? DiscontinuationDate { get; set; }
    public string? DiscontinuationReason { get; set; }
    public string? ReferralStatus { get; set; }
    public DateOnly? ReferralStatusDate { get; set; }
    public string? LoopClosureReason { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>One outreach attempt an ECM provider reported on its Outreach Tracker File. The same attempt (member,
/// date, method) sent again is the same record.</summary>
public sealed class EcmOutreachRecord : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }
    public Guid ProviderId { get; set; }
    public Guid PlanId { get; set; }
    public DateOnly AttemptDate { get; set; }
    public required string Method { get; set; }
    public bool Successful { get; set; }
    public int? Minutes { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public string? ReportedBy { get; set; }
}
