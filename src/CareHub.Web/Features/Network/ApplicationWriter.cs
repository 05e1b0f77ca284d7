using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>
/// The one place certification applications change: starting one after an invitation, the provider's answers,
/// evidence files, submission, the plans' reviews (gaps open and close, check-ins), sharing with another plan and
/// accepting another plan's certification. Each change saves the application, its history and the audit entry
/// in one <c>SaveChanges</c>; the application's revision guards against two writers at once.
/// </summary>
public sealed class ApplicationWriter(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxEvidencePerArea = 20;

    /// <summary>The longest response to an area.</summary>
    public const int MaxResponseLength = 8000;

    /// <summary>The longest evidence link: its name and its address.</summary>
    public const int MaxEvidenceNameLength = 200;
    public const int MaxEvidenceUrlLength = 2000;

    /// <summary>Evidence file types accepted: documents, spreadsheets, images and plain text.</summary>
    public static readonly IReadOnlyDictionary<string, string> AllowedFileTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
    };

    private IAccessScope Scope => db.Scope;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Outcome<ApplicationRef>> StartAsync(NewApplicationRequest request, CancellationToken ct)
    {
        if (request.LetterOfInterestId is not { } letterId)
        {
            return Outcome<ApplicationRef>.Invalid("letterOfInterestId", "letterOfInterestId is required: the letter of interest the plan invited you from.");
        }

        if (request.PlanId is not { } planId)
        {
            return Outcome<ApplicationRef>.Invalid("planId", "planId is required: the plan that invited you to apply.");
        }

        var letter = await db.Set<LetterOfInterest>().FirstOrDefaultAsync(l => l.Id == letterId && l.ProviderId == Scope.OrganizationId, ct);
        if (letter is null)
        {
            return Outcome<ApplicationRef>.NotFound($"Letter of interest {letterId} was not found among your organization's letters.");
        }

        var response = await db.Set<LetterResponse>().FirstOrDefaultAsync(r => r.LetterId == letterId && r.PlanId == planId, ct);
        if (response is null)
        {
            return Outcome<ApplicationRef>.Invalid("planId", $"The letter of interest was not addressed to plan {planId}.");
        }

        if (response.Decision != LetterResponse.Invite)
        {
            return Outcome<ApplicationRef>.Conflict(response.Decision == LetterResponse.Decline
                ? "The plan declined this letter of interest; there is nothing to apply to."
                : "The plan has not invited you to apply yet.");
        }

        if (await db.Set<NetworkApplication>().AnyAsync(a => a.LetterId == letterId && a.PlanId == planId, ct))
        {
            return Outcome<ApplicationRef>.Conflict("An application for this letter and plan already exists.");
        }

        var provider = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == letter.ProviderId, ct);
        var profile = await db.Set<ProviderProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == provider.Id, ct);
        var kind = provider.Type == OrganizationType.Cbo ? CertificationTemplates.CommunitySupports
            : profile?.FormerHealthHomes == true ? CertificationTemplates.HealthHomes : CertificationTemplates.Ecm;
        var template = CertificationTemplates.Embedded.InEffect(kind, Today)!;
        var now = clock.GetUtcNow();
        var app = new NetworkApplication
        {
            ProviderId = provider.Id,
            PlanId = planId,
            LetterId = letterId,
            TemplateKind = template.Kind,
            TemplateVersion = template.Version,
            CreatedAt = now,
            StatusChangedAt = now,
        };
        db.Add(app);
        foreach (var area in template.Areas)
        {
            db.Add(new ApplicationArea { ApplicationId = app.Id, Code = area.Code });
        }

        History(app, "start", $"{template.Title}, version {template.Version}");
        audit.Add("network-application.start", null, Target(app.Id), $"plan={planId}; template={template.Kind}@{template.Version}");
        await db.SaveChangesAsync(ct);
        return Outcome<ApplicationRef>.Created(new ApplicationRef(app.Id, app.Status));
    }

    public async Task<Outcome<ApplicationRef>> AnswerAreaAsync(Guid id, string code, AreaAnswerRequest request, CancellationToken ct)
    {
        var (app, fail) = await LoadForProviderAsync(id, ct);
        if (app is null)
        {
            return fail!;
        }

        var area = await db.Set<ApplicationArea>().FirstOrDefaultAsync(a => a.ApplicationId == id && a.Code == code, ct);
        if (area is null)
        {
            return Outcome<ApplicationRef>.NotFound($"The application has no area '{code}'.");
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Effort is not null && !Effort.IsKnown(request.Effort))
        {
            errors["effort"] = [$"effort must be one of {string.Join(", ", Effort.All)}; got '{request.Effort}'."];
        }

        if (request.Response is { Length: > MaxResponseLength })
        {
            errors["response"] = [$"response is limited to {MaxResponseLength:N0} characters."];
        }

        if (request.Notes is { Length: > 4000 })
        {
            errors["notes"] = ["notes are limited to 4,000 characters."];
        }

        var evidence = new List<EvidenceLink>();
        var items = request.Evidence ?? [];
        if (items.Count > MaxEvidencePerArea)
        {
            errors["evidence"] = [$"At most {MaxEvidencePerArea} pieces of evidence per area."];
        }

        for (var i = 0; i < items.Count && i < MaxEvidencePerArea; i++)
        {
            var e = items[i];
            if (string.IsNullOrWhiteSpace(e?.Name) || e.Name.Length > MaxEvidenceNameLength)
            {
                errors[$"evidence[{i}].name"] = [$"Each piece of evidence needs a name of at most {MaxEvidenceNameLength} characters."];
            }
            else if (!IsEvidenceUrl(e.Url))
            {
                errors[$"evidence[{i}].url"] = ["The url must be an http(s) link or the address of a file uploaded to this application."];
            }
            else
            {
                evidence.Add(new EvidenceLink(e.Name.Trim(), e.Url!.Trim()));
            }
        }

        if (errors.Count > 0)
        {
            return Outcome<ApplicationRef>.Invalid(errors);
        }

        var compliant = await LatestCompliantAsync(id, app.PlanId, code, ct);
        if (ApplicationWorkflow.CannotEditArea(app.Status, new AreaState(code, area.Response, area.Effort, compliant, false)) is { } why)
        {
            return Outcome<ApplicationRef>.Conflict(why);
        }

        area.Response = request.Response?.Trim();
        area.Effort = request.Effort;
        area.Notes = request.Notes?.Trim();
        area.Evidence = evidence;
        area.UpdatedAt = clock.GetUtcNow();
        History(app, "answer", $"{code}: effort {request.Effort ?? "not rated"}, {evidence.Count} evidence");
        audit.Add("network-application.answer", null, Target(id), $"area={code}");
        await db.SaveChangesAsync(ct);
        return Outcome<ApplicationRef>.Ok(new ApplicationRef(app.Id, app.Status));
    }

    public async Task<Outcome<FileRef>> UploadAsync(Guid id, string code, string fileName, string? contentType, Stream content, long length, CancellationToken ct)
    {
        var (app, fail) = await LoadForProviderAsync(id, ct);
        if (app is null)
        {
            return fail!.As<FileRef>();
        }

        var area = await db.Set<ApplicationArea>().FirstOrDefaultAsync(a => a.ApplicationId == id && a.Code == code, ct);
        if (area is null)
        {
            return Outcome<FileRef>.NotFound($"The application has no area '{code}'.");
        }

        var name = Path.GetFileName(fileName ?? "").Trim();
        var ext = Path.GetExtension(name);
        if (name.Length is 0 or > 200 || !AllowedFileTypes.TryGetValue(ext, out var type))
        {
            return Outcome<FileRef>.Invalid("file", $"Evidence files must be one of {string.Join(", ", AllowedFileTypes.Keys)} with a name of at most 200 characters; got '{name}'.");
        }

        if (length <= 0 || length > MaxFileBytes)
        {
            return Outcome<FileRef>.Invalid("file", $"Evidence files must be between 1 byte and {MaxFileBytes / (1024 * 1024)} MB; this one is {length:N0} bytes.");
        }

        if (area.Evidence.Count >= MaxEvidencePerArea)
        {
            return Outcome<FileRef>.Invalid("file", $"At most {MaxEvidencePerArea} pieces of evidence per area.");
        }

        var compliant = await LatestCompliantAsync(id, app.PlanId, code, ct);
        if (ApplicationWorkflow.CannotEditArea(app.Status, new AreaState(code, area.Response, area.Effort, compliant, false)) is { } why)
        {
            return Outcome<FileRef>.Conflict(why);
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (!LooksLike(ext, bytes))
        {
            return Outcome<FileRef>.Invalid("file", $"The content of '{name}' is not a {ext} file.");
        }

        var file = new EvidenceFile
        {
            ApplicationId = id,
            ProviderId = app.ProviderId,
            AreaCode = code,
            FileName = name,
            ContentType = type,
            Length = bytes.Length,
            Content = bytes,
            UploadedAt = clock.GetUtcNow(),
            UploadedBy = Scope.UserName,
        };
        db.Add(file);
        var url = FileUrl(file.Id);
        area.Evidence = [.. area.Evidence, new EvidenceLink(name, url)];
        area.UpdatedAt = file.UploadedAt;
        History(app, "upload", $"{code}: {name} ({bytes.Length:N0} bytes)");
        audit.Add("network-evidence.upload", null, $"/api/network/files/{file.Id}", $"application={id}; area={code}; bytes={bytes.Length}");
        await db.SaveChangesAsync(ct);
        return Outcome<FileRef>.Created(new FileRef(file.Id, name, url, bytes.Length));
    }

    public async Task<Outcome<ApplicationRef>> SubmitAsync(Guid id, CancellationToken ct)
    {
        var (app, fail) = await LoadForProviderAsync(id, ct);
        if (app is null)
        {
            return fail!;
        }

        var states = await AreaStatesAsync(app, app.PlanId, ct);
        var problems = ApplicationWorkflow.SubmitProblems(app.Status, states);
        if (problems.Count > 0)
        {
            return app.Status is ApplicationStatus.Draft or ApplicationStatus.GapClosure
                ? Outcome<ApplicationRef>.Invalid("areas", string.Join(" ", problems))
                : Outcome<ApplicationRef>.Conflict(problems[0]);
        }

        var resubmission = app.Status == ApplicationStatus.GapClosure;
        SetStatus(app, ApplicationStatus.Submitted);
        app.SubmittedAt = clock.GetUtcNow();
        History(app, resubmission ? "resubmit" : "submit", null);
        audit.Add(resubmission ? "network-application.resubmit" : "network-application.submit", null, Target(id));
        await db.SaveChangesAsync(ct);
        return Outcome<ApplicationRef>.Ok(new ApplicationRef(app.Id, app.Status));
    }

    public async Task<Outcome<ApplicationRef>> ReviewAsync(Guid id, string code, AreaReviewRequest request, CancellationToken ct)
    {
        var planId = Scope.OrganizationId;
        var app = await db.Set<NetworkApplication>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || Scope.OrganizationType != OrganizationType.Plan)
        {
            return Outcome<ApplicationRef>.NotFound($"Application {id} was not found among the applications addressed or shared to your plan.");
        }

        var addressed = app.PlanId == planId;
        var template = Template(app);
        if (template.Area(code) is null)
        {
            return Outcome<ApplicationRef>.NotFound($"The application has no area '{code}'.");
        }

        var errors = ApplicationWorkflow.ValidateReview(new AreaReviewInput(request.Compliant, request.Comment, request.MissingInformation, request.ExpectedDocumentation, request.DueDate), Today);
        if (request.Comment is { Length: > 4000 })
        {
            errors = new Dictionary<string, string[]>(errors) { ["comment"] = ["comment is limited to 4,000 characters."] };
        }

        if (errors.Count > 0)
        {
            return Outcome<ApplicationRef>.Invalid(errors);
        }

        var why = addressed ? ApplicationWorkflow.CannotReview(app.Status)
            : app.Status == ApplicationStatus.Draft ? "The provider has not submitted the application yet." : null;
        if (why is not null)
        {
            return Outcome<ApplicationRef>.Conflict(why);
        }

        if (await db.Set<ProviderCertification>().AnyAsync(c => c.ApplicationId == id && c.PlanId == planId, ct))
        {
            return Outcome<ApplicationRef>.Conflict("Your plan has already certified this application.");
        }

        var now = clock.GetUtcNow();
        var compliant = request.Compliant!.Value;
        db.Add(new AreaReview { ApplicationId = id, PlanId = planId!.Value, AreaCode = code, Compliant = compliant, Comment = request.Comment?.Trim(), ReviewedAt = now, ReviewedBy = Scope.UserName });
        var openGaps = await db.Set<ApplicationGap>().Where(g => g.ApplicationId == id && g.PlanId == planId && g.AreaCode == code && g.Status == ApplicationGap.Open).ToListAsync(ct);
        if (compliant)
        {
            foreach (var g in openGaps)
            {
                g.Status = ApplicationGap.Closed;
                g.ClosedAt = now;
            }
        }
        else
        {
            foreach (var g in openGaps)
            {
                g.Status = ApplicationGap.Closed;
                g.ClosedAt = now;
            }

            db.Add(new ApplicationGap
            {
                ApplicationId = id,
                PlanId = planId.Value,
                AreaCode = code,
                MissingInformation = request.MissingInformation!.Trim(),
                ExpectedDocumentation = request.ExpectedDocumentation!.Trim(),
                DueDate = request.DueDate ?? Today.AddDays(ApplicationWorkflow.DefaultGapDays),
                OpenedAt = now,
            });
            if (!await db.Set<ApplicationCheckIn>().AnyAsync(c => c.ApplicationId == id && c.PlanId == planId && c.HeldOn == null, ct))
            {
                db.Add(new ApplicationCheckIn { ApplicationId = id, PlanId = planId.Value, DueDate = GapRules.NextCheckIn(Today, null) });
            }
        }

        // The states as they will be once this review is saved.
        var states = (await AreaStatesAsync(app, planId.Value, ct)).Select(s => s.Code != code ? s
            : s with { Compliant = compliant, HasOpenGap = !compliant }).ToList();
        History(app, "review", $"{code}: {(compliant ? "compliant" : "not compliant")}{(string.IsNullOrWhiteSpace(request.Comment) ? "" : " — " + request.Comment.Trim())}");
        audit.Add("network-application.review", null, Target(id), $"area={code}; compliant={compliant}");
        var certified = ApplicationWorkflow.CertificationProblems(states).Count == 0;
        if (addressed)
        {
            var next = ApplicationWorkflow.StatusAfterReview(states);
            if (next != app.Status)
            {
                SetStatus(app, next);
                History(app, next == ApplicationStatus.Certified ? "certify" : "status", ApplicationStatus.Label(next));
            }
        }

        if (certified)
        {
            if (addressed)
            {
                app.CertifiedAt = now;
            }

            db.Add(new ProviderCertification { PlanId = planId.Value, ProviderId = app.ProviderId, ApplicationId = id, Basis = ProviderCertification.Reviewed, CertifiedAt = now, CertifiedBy = Scope.UserName });
            audit.Add("network-application.certify", null, Target(id), $"plan={planId}");
        }

        app.Revision++;
        await db.SaveChangesAsync(ct);
        return Outcome<ApplicationRef>.Ok(new ApplicationRef(app.Id, app.Status));
    }

    public async Task<Outcome<ApplicationRef>> ShareAsync(Guid id, ShareRequest request, CancellationToken ct)
    {
        if (request.PlanId is not { } planId)
        {
            return Outcome<ApplicationRef>.Invalid("planId", "planId is required: the plan you consent to share the application with.");
        }

        var (app, fail) = await LoadForProviderAsync(id, ct);
        if (app is null)
        {
            return fail!;
        }

        var plan = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == planId && o.Type == OrganizationType.Plan, ct);
        if (plan is null)
        {
            return Outcome<ApplicationRef>.Invalid("planId", $"{planId} is not a plan.");
        }

        if (planId == app.PlanId || await db.Set<ApplicationShare>().AnyAsync(s => s.ApplicationId == id && s.PlanId == planId, ct))
        {
            return Outcome<ApplicationRef>.Ok(new ApplicationRef(app.Id, app.Status));
        }

        db.Add(new ApplicationShare { ApplicationId = id, PlanId = planId, SharedAt = clock.GetUtcNow(), SharedBy = Scope.UserName });
        History(app, "share", $"shared with {plan.Name} with the provider's consent");
        audit.Add("network-application.share", null, Target(id), $"plan={planId}");
        app.Revision++;
        await db.SaveChangesAsync(ct);
        return Outcome<ApplicationRef>.Ok(new ApplicationRef(app.Id, app.Status));
    }

    /// <summary>A plan the application was shared with accepts the addressed plan's certification outright.</summary>
    public async Task<Outcome<ApplicationRef>> AcceptCertificationAsync(Guid id, CancellationToken ct)
    {
        var planId = Scope.OrganizationId;
        var app = await db.Set<NetworkApplication>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || Scope.OrganizationType != OrganizationType.Plan)
        {
            return Outcome<ApplicationRef>.NotFound($"Application {id} was not found among the applications addressed or shared to your plan.");
        }

        if (app.PlanId == planId)
        {
            return Outcome<ApplicationRef>.Conflict("This application is addressed to your plan: review it instead.");
        }

        if (app.Status != ApplicationStatus.Certified)
        {
            return Outcome<ApplicationRef>.Conflict("Only a certified application can be accepted outright; this one is " + app.Status + ".");
        }

        if (!await db.Set<ProviderCertification>().AnyAsync(c => c.ApplicationId == id && c.PlanId == planId, ct))
        {
            var now = clock.GetUtcNow();
            db.Add(new ProviderCertification { PlanId = planId!.Value, ProviderId = app.ProviderId, ApplicationId = id, Basis = ProviderCertification.AcceptedFromPlan, CertifiedAt = now, CertifiedBy = Scope.UserName });
            History(app, "accept-certification", "another plan accepted the certification");
            audit.Add("network-application.accept-certification", null, Target(id), $"plan={planId}");
            app.Revision++;
            await db.SaveChangesAsync(ct);
        }

        return Outcome<ApplicationRef>.Ok(new ApplicationRef(app.Id, app.Status));
    }

    /// <summary>Records a gap closure check-in as held; the next one is due two weeks later while gaps stay open.</summary>
    public async Task<Outcome<ApplicationRef>> RecordCheckInAsync(Guid id, CheckInRequest request, CancellationToken ct)
    {
        var planId = Scope.OrganizationId;
        var app = await db.Set<NetworkApplication>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || Scope.OrganizationType != OrganizationType.Plan)
        {
            return Outcome<ApplicationRef>.NotFound($"Application {id} was not found among the applications addressed or shared to your plan.");
        }

        var held = request.HeldOn ?? Today;
        if (held > Today)
        {
            return Outcome<ApplicationRef>.Invalid("heldOn", $"heldOn {held:yyyy-MM-dd} is in the future.");
        }

        if (request.Notes is { Length: > 4000 })
        {
            return Outcome<ApplicationRef>.Invalid("notes", "notes are limited to 4,000 characters.");
        }

        var due = await db.Set<ApplicationCheckIn>().Where(c => c.ApplicationId == id && c.PlanId == planId && c.HeldOn == null).OrderBy(c => c.DueDate).FirstOrDefaultAsync(ct);
        if (due is null)
        {
            due = new ApplicationCheckIn { ApplicationId = id, PlanId = planId!.Value, DueDate = held };
            db.Add(due);
        }

        due.HeldOn = held;
        due.Notes = request.Notes?.Trim();
        if (await db.Set<ApplicationGap>().AnyAsync(g => g.ApplicationId == id && g.PlanId == planId && g.Status == ApplicationGap.Open, ct))
        {
            db.Add(new ApplicationCheckIn { ApplicationId = id, PlanId = planId!.Value, DueDate = GapRules.NextCheckIn(held, held) });
        }

        History(app, "check-in", $"held {held:yyyy-MM-dd}");
        audit.Add("network-application.check-in", null, Target(id), $"held={held:yyyy-MM-dd}");
        app.Revision++;
        await db.SaveChangesAsync(ct);
        return Outcome<ApplicationRef>.Ok(new ApplicationRef(app.Id, app.Status));
    }

    public static string FileUrl(Guid fileId) => $"/api/network/files/{fileId}";

    public static CertificationTemplate Template(NetworkApplication app) =>
        CertificationTemplates.Embedded.Get(app.TemplateKind, app.TemplateVersion)
        ?? throw new InvalidOperationException($"Template {app.TemplateKind} version {app.TemplateVersion} is not shipped.");

    /// <summary>Each area's answer and the plan's latest review, in template order.</summary>
    public async Task<List<AreaState>> AreaStatesAsync(NetworkApplication app, Guid planId, CancellationToken ct)
    {
        var areas = await db.Set<ApplicationArea>().AsNoTracking().Where(a => a.ApplicationId == app.Id).ToListAsync(ct);
        var reviews = await LatestReviewsAsync(app.Id, planId, ct);
        var gaps = await db.Set<ApplicationGap>().AsNoTracking().Where(g => g.ApplicationId == app.Id && g.PlanId == planId && g.Status == ApplicationGap.Open)
            .Select(g => g.AreaCode).ToListAsync(ct);
        return [.. Template(app).Areas.Select(t => areas.FirstOrDefault(a => a.Code == t.Code) is { } a
            ? new AreaState(a.Code, a.Response, a.Effort, reviews.GetValueOrDefault(a.Code)?.Compliant, gaps.Contains(a.Code))
            : new AreaState(t.Code, null, null, null, false))];
    }

    public async Task<Dictionary<string, AreaReview>> LatestReviewsAsync(Guid applicationId, Guid planId, CancellationToken ct)
    {
        var reviews = await db.Set<AreaReview>().AsNoTracking().Where(r => r.ApplicationId == applicationId && r.PlanId == planId).ToListAsync(ct);
        return reviews.GroupBy(r => r.AreaCode).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id).Last());
    }

    private async Task<bool?> LatestCompliantAsync(Guid id, Guid planId, string code, CancellationToken ct) =>
        (await LatestReviewsAsync(id, planId, ct)).GetValueOrDefault(code)?.Compliant;

    private async Task<(NetworkApplication? App, Outcome<ApplicationRef>? Fail)> LoadForProviderAsync(Guid id, CancellationToken ct)
    {
        var app = await db.Set<NetworkApplication>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null)
        {
            return (null, Outcome<ApplicationRef>.NotFound($"Application {id} was not found."));
        }

        return app.ProviderId == Scope.OrganizationId ? (app, null)
            : (null, Outcome<ApplicationRef>.Forbidden("Only the provider that applied may change its application."));
    }

    private void SetStatus(NetworkApplication app, string status)
    {
        app.Status = status;
        app.StatusChangedAt = clock.GetUtcNow();
        app.Revision++;
    }

    private void History(NetworkApplication app, string action, string? detail) =>
        db.Add(new ApplicationEvent
        {
            ApplicationId = app.Id,
            At = clock.GetUtcNow(),
            By = Scope.UserName,
            ByOrganizationId = Scope.OrganizationId,
            Action = action,
            Status = app.Status,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
        });

    private static string Target(Guid id) => $"/api/network/applications/{id}";

    private static bool IsEvidenceUrl(string? url) =>
        url is { Length: > 0 and <= MaxEvidenceUrlLength }
        && (url.StartsWith("/api/network/files/", StringComparison.Ordinal)
            || (Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)));

    /// <summary>A light check that the bytes match the extension (signatures of PDF, PNG, JPEG and ZIP-based Office files).</summary>
    private static bool LooksLike(string ext, byte[] bytes) => ext.ToLowerInvariant() switch
    {
        ".pdf" => bytes.AsSpan().StartsWith("%PDF"u8),
        ".png" => bytes.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }),
        ".jpg" or ".jpeg" => bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
        ".docx" or ".xlsx" => bytes.AsSpan().StartsWith("PK"u8),
        _ => !bytes.AsSpan(0, Math.Min(bytes.Length, 4096)).Contains((byte)0),
    };
}
