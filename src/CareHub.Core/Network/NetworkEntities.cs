namespace CareHub.Network;

/// <summary>What the network registry knows about an ECM provider or CBO beyond its organization record.</summary>
public sealed class ProviderProfile
{
    public Guid OrganizationId { get; set; }

    /// <summary>A code from <see cref="ProviderTypes"/>.</summary>
    public string ProviderType { get; set; } = "other";

    /// <summary>Taxpayer identification number (9 digits).</summary>
    public string? Tin { get; set; }

    /// <summary>Sites, one per line: name and address.</summary>
    public List<string> Sites { get; set; } = [];

    /// <summary>Population of Focus codes served (ECM providers).</summary>
    public List<string> Populations { get; set; } = [];

    /// <summary>Community Support codes offered (CBOs).</summary>
    public List<string> CommunitySupports { get; set; } = [];

    /// <summary>True for a provider that delivered Health Homes or Whole Person Care: the simplified template applies.</summary>
    public bool FormerHealthHomes { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A provider's letter of interest, written once and addressed to one or several plans.</summary>
public sealed class LetterOfInterest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProviderId { get; set; }
    public List<string> Counties { get; set; } = [];
    public string Message { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>One addressed plan's answer to a letter of interest.</summary>
public sealed class LetterResponse
{
    public const string Pending = "pending";
    public const string Invite = "invite";
    public const string Decline = "decline";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LetterId { get; set; }
    public Guid PlanId { get; set; }
    public string Decision { get; set; } = Pending;
    public string? Note { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
    public string? RespondedBy { get; set; }
}

/// <summary>A certification application of a provider to one plan, on one template version.</summary>
public sealed class NetworkApplication
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProviderId { get; set; }
    public Guid PlanId { get; set; }
    public Guid LetterId { get; set; }
    public required string TemplateKind { get; set; }
    public int TemplateVersion { get; set; }
    public string Status { get; set; } = ApplicationStatus.Draft;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? CertifiedAt { get; set; }

    /// <summary>Concurrency token: two writers of the same application cannot both save.</summary>
    public int Revision { get; set; }
}

/// <summary>The provider's answer to one area: response, self-assessed effort, notes and cited evidence.</summary>
public sealed class ApplicationArea
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; set; }
    public required string Code { get; set; }
    public string? Response { get; set; }
    public string? Effort { get; set; }
    public string? Notes { get; set; }

    /// <summary>Cited evidence: links, or files (their url is the CareHub download address).</summary>
    public List<EvidenceLink> Evidence { get; set; } = [];
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>A piece of evidence cited for an area.</summary>
public sealed record EvidenceLink(string Name, string Url);

/// <summary>A file uploaded as evidence, kept in the database and served only to the provider and the plans
/// the application is addressed or shared to.</summary>
public sealed class EvidenceFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; set; }
    public Guid ProviderId { get; set; }
    public required string AreaCode { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public byte[] Content { get; set; } = [];
    public DateTimeOffset UploadedAt { get; set; }
    public string? UploadedBy { get; set; }
}

/// <summary>A plan's review of one area (the latest per plan and area counts).</summary>
public sealed class AreaReview
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; set; }
    public Guid PlanId { get; set; }
    public required string AreaCode { get; set; }
    public bool Compliant { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset ReviewedAt { get; set; }
    public string? ReviewedBy { get; set; }
}

/// <summary>A gap: an area a plan marked No, what is missing and what documentation closes it.</summary>
public sealed class ApplicationGap
{
    public const string Open = "open";
    public const string Closed = "closed";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; set; }
    public Guid PlanId { get; set; }
    public required string AreaCode { get; set; }
    public required string MissingInformation { get; set; }
    public required string ExpectedDocumentation { get; set; }
    public DateOnly DueDate { get; set; }
    public string Status { get; set; } = Open;
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>A gap closure check-in (every two weeks while gaps are open): due date, when it was held, notes.</summary>
public sealed class ApplicationCheckIn
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; set; }
    public Guid PlanId { get; set; }
    public DateOnly DueDate { get; set; }
    public DateOnly? HeldOn { get; set; }
    public string? Notes { get; set; }
}

/// <summary>The provider's consent to let another plan read an application.</summary>
public sealed class ApplicationShare
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; set; }
    public Guid PlanId { get; set; }
    public DateTimeOffset SharedAt { get; set; }
    public string? SharedBy { get; set; }
}

/// <summary>What happened to an application, by whom and when (never changed).</summary>
public sealed class ApplicationEvent
{
    public long Id { get; set; }
    public Guid ApplicationId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? By { get; set; }
    public Guid? ByOrganizationId { get; set; }
    public required string Action { get; set; }
    public string? Status { get; set; }
    public string? Detail { get; set; }
}

/// <summary>A plan's certification of a provider: from its own review, or accepting another plan's.</summary>
public sealed class ProviderCertification
{
    public const string Reviewed = "reviewed";
    public const string AcceptedFromPlan = "accepted-from-plan";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public Guid ProviderId { get; set; }
    public Guid ApplicationId { get; set; }
    public string Basis { get; set; } = Reviewed;
    public DateTimeOffset CertifiedAt { get; set; }
    public string? CertifiedBy { get; set; }
}

/// <summary>One provider staff member's completion of a plan's training topic.</summary>
public sealed class TrainingCompletion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The plan that recorded it; null when the provider recorded its own staff's training, which counts
    /// for every plan (the topics are the same).</summary>
    public Guid? PlanId { get; set; }
    public Guid ProviderId { get; set; }
    public required string Topic { get; set; }
    public required string StaffName { get; set; }
    public DateOnly CompletedOn { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
}

/// <summary>A contract: plan × provider × county × service lines, with dates and capacity.</summary>
public sealed class ProviderContract
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public Guid ProviderId { get; set; }
    public required string County { get; set; }
    public DateOnly Start { get; set; }

    /// <summary>Inclusive; null while open-ended.</summary>
    public DateOnly? End { get; set; }
    public List<string> Populations { get; set; } = [];
    public List<string> CommunitySupports { get; set; } = [];
    public int Capacity { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }

    public bool ActiveOn(DateOnly date) => Start <= date && (End is null || End >= date);
}

/// <summary>A roster the plan produced for the state: what was sent and when.</summary>
public sealed class RosterSubmission
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public required string Kind { get; set; }
    public string? County { get; set; }
    public DateOnly AsOf { get; set; }
    public required string Format { get; set; }
    public int Rows { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public string? SentBy { get; set; }
}

/// <summary>One Model of Care deliverable: the state's question, where it is answered, by whom.</summary>
public sealed class ModelOfCareItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public required string Question { get; set; }
    public string? Page { get; set; }
    public string? Response { get; set; }
    public string? Owner { get; set; }
    public string? Comments { get; set; }
    public string Status { get; set; } = ModelOfCareRules.NotStarted;
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The plan's go-live date of a Population of Focus or a Community Support in a county.</summary>
public sealed class GoLiveEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public required string County { get; set; }

    /// <summary>A Population of Focus code or a Community Support code of the catalog.</summary>
    public required string Population { get; set; }
    public DateOnly GoLive { get; set; }
}

/// <summary>One change to a plan's Model of Care (a deliverable or a go-live entry added, changed or removed), kept
/// after the row itself is removed.</summary>
public sealed class ModelOfCareEvent
{
    public const string Item = "item";
    public const string GoLive = "go-live";

    public long Id { get; set; }
    public Guid PlanId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? By { get; set; }

    /// <summary><see cref="Item"/> or <see cref="GoLive"/>.</summary>
    public required string Subject { get; set; }
    public Guid SubjectId { get; set; }

    /// <summary>add, edit or remove.</summary>
    public required string Action { get; set; }
    public string? Detail { get; set; }
}
