namespace CareHub.Web.Features.Network;

public sealed record IdResponse(Guid Id);

public sealed record TemplateView(string Id, int Version, string Kind, string Title, DateOnly EffectiveFrom, IReadOnlyList<TemplateAreaView> Areas);

public sealed record TemplateAreaView(string Code, string Title, string Criteria, string RecommendedEvidence);

public sealed record LetterRequest(List<Guid>? PlanIds, List<string>? Counties, string? Message);

public sealed record LetterList(IReadOnlyList<LetterView> Items);

public sealed record LetterView(Guid Id, Guid ProviderId, string ProviderName, IReadOnlyList<string> Counties, string Message, DateTimeOffset CreatedAt,
    IReadOnlyList<PlanResponseView> PlanResponses);

public sealed record PlanResponseView(Guid PlanId, string PlanName, string Decision, string? Note, DateTimeOffset? RespondedAt, Guid? ApplicationId);

public sealed record LetterDecisionRequest(string? Decision, string? Note);

public sealed record NewApplicationRequest(Guid? LetterOfInterestId, Guid? PlanId);

public sealed record ApplicationRef(Guid Id, string Status);

public sealed record AreaAnswerRequest(
    [property: System.ComponentModel.DataAnnotations.MaxLength(ApplicationWriter.MaxResponseLength)] string? Response,
    string? Effort,
    string? Notes,
    List<EvidenceLinkRequest>? Evidence);

public sealed record EvidenceLinkRequest(string? Name, string? Url);

public sealed record AreaReviewRequest(bool? Compliant, string? Comment, string? MissingInformation, string? ExpectedDocumentation, DateOnly? DueDate);

public sealed record ShareRequest(Guid? PlanId);

public sealed record CheckInRequest(DateOnly? HeldOn, string? Notes);

/// <summary>An application as its reader may see it; <c>compliant</c> is the reading plan's own review (for the
/// provider: the addressed plan's).</summary>
public sealed record ApplicationView(
    Guid Id, Guid ProviderId, string ProviderName, Guid PlanId, string PlanName, string Status, string TemplateKind, int TemplateVersion, string TemplateTitle,
    IReadOnlyList<ApplicationAreaView> Areas, IReadOnlyList<SharedPlanView> Shares, IReadOnlyList<HistoryView> History, bool CertifiedForReader,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? CertifiedAt);

public sealed record ApplicationAreaView(
    string Code, string Title, string Criteria, string RecommendedEvidence, string? Effort, string? Response, string? Notes,
    IReadOnlyList<EvidenceLinkView> Evidence, bool? Compliant, string? ReviewComment);

public sealed record EvidenceLinkView(string Name, string Url);

public sealed record SharedPlanView(Guid PlanId, string PlanName, DateTimeOffset SharedAt, bool Certified);

public sealed record HistoryView(DateTimeOffset At, string? By, string Action, string? Status, string? Detail);

public sealed record GapList(IReadOnlyList<GapView> Items, IReadOnlyList<CheckInView> CheckIns, int MeetingsHeld);

public sealed record GapView(Guid Id, string AreaCode, string AreaTitle, string MissingInformation, string ExpectedDocumentation, DateOnly DueDate, string Status,
    bool Overdue, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, Guid PlanId);

public sealed record CheckInView(Guid Id, DateOnly DueDate, DateOnly? HeldOn, string? Notes, bool Overdue);

public sealed record FileRef(Guid Id, string Name, string Url, long Length);

public sealed record TrainingRequirements(IReadOnlyList<TrainingTopicView> Items);

public sealed record TrainingTopicView(string Topic, string Title);

public sealed record TrainingTopicRequest(string? Topic, string? Title);

public sealed record TrainingRequirementsRequest(List<TrainingTopicRequest?>? Items);

public sealed record TrainingRequest(Guid? ProviderId, Guid? PlanId, string? Topic, string? StaffName, DateOnly? CompletedOn);

public sealed record ContractRequest(Guid? ProviderId, string? County, DateOnly? Start, DateOnly? End, List<string>? Populations, List<string>? CommunitySupports, int? Capacity);

public sealed record ContractView(Guid Id, Guid PlanId, string PlanName, Guid ProviderId, string ProviderName, string County, DateOnly Start, DateOnly? End,
    IReadOnlyList<string> Populations, IReadOnlyList<string> CommunitySupports, int Capacity);

public sealed record AdequacyResponse(DateOnly AsOf, Guid? RunId, IReadOnlyList<CareHub.Network.AdequacyRow> Rows);
