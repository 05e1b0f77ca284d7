using System.Text.Json;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Members;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>
/// The ECM journey's changes. The caller is the data context's access scope: plan staff decide authorizations,
/// assign and disenroll; the assigned ECM provider accepts or declines, reaches out, enrolls, assesses and writes
/// the care plan. Every change is audited in the same save; a step out of order is a conflict naming the status.
/// </summary>
public sealed partial class EcmCaseService(CareHubDbContext db, AuditTrail audit, TimeProvider clock, ProgramCatalog catalog)
{
    public const string GrantReason = "ecm-assignment";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<Guid, string> sortNames = [];

    private IAccessScope Scope => db.Scope;
    private string? Actor => Scope.UserName;
    private DateTimeOffset Now => clock.GetUtcNow();
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    private bool IsPlan => Scope.IsUnrestricted || Scope.OrganizationType == OrganizationType.Plan;

    public async Task<EcmPlanSettings> SettingsAsync(Guid planId, CancellationToken ct = default) =>
        await db.Set<EcmPlanSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.PlanId == planId, ct) ?? new EcmPlanSettings { PlanId = planId };

    public async Task<Outcome<EcmPlanSettings>> SaveSettingsAsync(EcmPlanSettings values, CancellationToken ct = default)
    {
        if (Scope.OrganizationType != OrganizationType.Plan || Scope.OrganizationId is not { } planId)
        {
            return Outcome<EcmPlanSettings>.Forbidden("Only a plan sets its ECM rules.");
        }

        var errors = values.Validate();
        if (errors.Count > 0)
        {
            return Outcome<EcmPlanSettings>.Invalid(errors);
        }

        var row = await db.Set<EcmPlanSettings>().FirstOrDefaultAsync(s => s.PlanId == planId, ct);
        if (row is null)
        {
            row = new EcmPlanSettings { PlanId = planId };
            db.Add(row);
        }

        row.AuthorizationDecisionDays = values.AuthorizationDecisionDays;
        row.UnableToReachAttempts = values.UnableToReachAttempts;
        row.UnableToReachDays = values.UnableToReachDays;
        row.UnableToReachRequiresInPerson = values.UnableToReachRequiresInPerson;
        row.DischargeFollowUpDays = values.DischargeFollowUpDays;
        row.ReassessmentMonths = values.ReassessmentMonths;
        row.StuckAfterDays = values.StuckAfterDays;
        row.AllowPresumptiveAuthorization = values.AllowPresumptiveAuthorization;
        row.PresumptiveAuthorizationDays = values.PresumptiveAuthorizationDays;
        audit.Add("ecm-settings.update", null, "ecm_plan_settings/" + planId,
            $"decision {row.AuthorizationDecisionDays}d; unable to reach {row.UnableToReach.Describe()}; discharge follow-up {row.DischargeFollowUpDays}d; reassessment {row.ReassessmentMonths}mo; stuck {row.StuckAfterDays}d; presumptive {(row.AllowPresumptiveAuthorization ? $"allowed, {row.PresumptiveAuthorizationDays}d" : "off")}");
        await db.SaveChangesAsync(ct);
        return Outcome<EcmPlanSettings>.Ok(row);
    }

    /// <summary>The member's other programs, as the exclusion check reads them.</summary>
    public async Task<IReadOnlyList<ExclusionFinding>> ExclusionsAsync(Guid memberId, DateOnly asOf, CancellationToken ct = default)
    {
        var programs = await db.Set<MemberProgramEnrollment>().AsNoTracking().Where(p => p.MemberId == memberId)
            .Select(p => new ProgramSpan(p.Program, p.Start, p.End)).ToListAsync(ct);
        return EcmExclusionCheck.Evaluate(catalog, programs, asOf);
    }

    /// <summary>
    /// A referral. A member with an open case gets no second one: the referral is merged into the open case (its
    /// source and reason go on the case's timeline) and that case is returned with <see cref="OutcomeKind.Ok"/>.
    /// </summary>
    public async Task<Outcome<CaseRef>> CreateAsync(NewCase request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var source = request.Source?.Trim().ToLowerInvariant();
        if (request.MemberId == Guid.Empty)
        {
            errors["memberId"] = ["memberId is required (the member's id)."];
        }

        if (string.IsNullOrEmpty(source))
        {
            errors["source"] = [$"source is required: one of {string.Join(", ", EcmSource.All)}."];
        }
        else if (!EcmSource.IsKnown(source))
        {
            errors["source"] = [$"source '{request.Source}' is not one of {string.Join(", ", EcmSource.All)}."];
        }

        if (request.Reason is { Length: > 2000 })
        {
            errors["reason"] = ["reason is longer than 2,000 characters."];
        }

        if (request.Population is { Length: > 0 } pop && catalog.FindPopulation(pop) is null)
        {
            errors["population"] = [$"population '{pop}' is not a Population of Focus in the catalog."];
        }

        var transitionDate = request.TransitionDate ?? Today;
        if (errors.Count == 0 && WpcHhpTransition.Check(source!, transitionDate, request.ProviderId) is { } transitionProblem)
        {
            errors[transitionProblem.Field] = [transitionProblem.Message];
        }

        if (errors.Count == 0 && EcmSource.IsTransition(source!)
            && !await db.Organizations.AnyAsync(o => o.Id == request.ProviderId && o.Type == OrganizationType.EcmProvider, ct))
        {
            errors["providerId"] = [$"providerId {request.ProviderId} is not an ECM provider."];
        }

        if (errors.Count > 0)
        {
            return Outcome<CaseRef>.Invalid(errors);
        }

        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == request.MemberId, ct);
        if (member is null)
        {
            return Outcome<CaseRef>.NotFound($"No member {request.MemberId} is visible to your organization.");
        }

        var existing = await db.Set<EcmCase>().FirstOrDefaultAsync(c => c.OpenMemberId == member.Id, ct);
        if (existing is not null)
        {
            return await MergeAsync(existing, source!, request, ct);
        }

        var settings = await SettingsAsync(member.PlanId, ct);
        var findings = await ExclusionsAsync(member.Id, EcmSource.IsTransition(source!) ? transitionDate : Today, ct);
        var decision = EcmIntake.Decide(source!, EcmSource.IsTransition(source!) ? transitionDate : Today, settings, findings);
        var now = Now;
        var c = new EcmCase
        {
            MemberId = member.Id,
            PlanId = member.PlanId,
            OpenMemberId = member.Id,
            Source = source!,
            Reason = Clean(request.Reason),
            Population = Clean(request.Population),
            ReferrerName = Clean(request.ReferrerName),
            ReferrerOrganization = Clean(request.ReferrerOrganization),
            ReferrerPhone = Clean(request.ReferrerPhone),
            ReferredAt = now,
            ReferredBy = Actor,
            DecisionDueBy = decision.DecisionDueBy,
            StatusChangedAt = now,
        };
        db.Add(c);
        AddEvent(c, EcmEventKind.Status, $"Referred by {EcmSource.Label(source!)}{(c.Reason is null ? "" : ": " + c.Reason)}");
        if (decision.AutoAuthorize)
        {
            c.Status = EcmStatus.Authorized;
            c.AutoAuthorized = true;
            c.DecidedAt = now;
            c.DecidedBy = "system";
            c.DecisionReason = decision.Note;
            db.Add(new EcmCaseEvent { CaseId = c.Id, MemberId = c.MemberId, At = now, Status = EcmStatus.Authorized, Kind = EcmEventKind.Status, By = "system", Detail = decision.Note });
            await EnrollTransitionAsync(c, request.ProviderId!.Value, transitionDate, decision, ct);
        }
        else
        {
            await AddTaskAsync(c, c.PlanId, EcmTaskKind.AuthorizationDecision, "Decide the ECM authorization" + (decision.Note is null ? "" : " — " + decision.Note), decision.DecisionDueBy);
        }

        audit.Add(EcmAuditActions.Create, member.Id, "ecm_cases/" + c.Id, $"source={source}; status={c.Status}" + (decision.Note is null ? "" : "; " + decision.Note));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another referral for the same member won the race for the one open case: merge into it.
            db.ChangeTracker.Clear();
            existing = await db.Set<EcmCase>().FirstOrDefaultAsync(x => x.OpenMemberId == member.Id, ct);
            if (existing is null)
            {
                throw;
            }

            return await MergeAsync(existing, source!, request, ct);
        }

        return Outcome<CaseRef>.Created(new CaseRef(c.Id, c.Status));
    }

    private async Task<Outcome<CaseRef>> MergeAsync(EcmCase existing, string source, NewCase request, CancellationToken ct)
    {
        existing.MergedReferrals++;
        existing.Revision = Guid.NewGuid();
        var detail = $"Another referral merged into this case: {EcmSource.Label(source)}"
            + (Clean(request.ReferrerName) is { } who ? $" ({who}{(Clean(request.ReferrerOrganization) is { } org ? ", " + org : "")})" : "")
            + (Clean(request.Reason) is { } reason ? ": " + reason : "");
        AddEvent(existing, EcmEventKind.ReferralMerged, detail);
        audit.Add(EcmAuditActions.Merge, existing.MemberId, "ecm_cases/" + existing.Id, $"source={source}");
        await db.SaveChangesAsync(ct);
        return Outcome<CaseRef>.Ok(new CaseRef(existing.Id, existing.Status));
    }

    /// <summary>
    /// Refers the members a completed identification run found eligible (optionally for one Population of Focus) who
    /// have no open case yet; members with an open case are left as they are. At most <paramref name="max"/> at a time.
    /// </summary>
    public async Task<Outcome<RunReferrals>> ReferFromRunAsync(Guid runId, string? population, int max = 500, CancellationToken ct = default)
    {
        if (Scope.OrganizationType != OrganizationType.Plan || Scope.OrganizationId is not { } planId)
        {
            return Outcome<RunReferrals>.Forbidden("Only a plan refers members from its identification runs.");
        }

        var run = await db.IdentificationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.PlanId == planId, ct);
        if (run is null)
        {
            return Outcome<RunReferrals>.NotFound($"No identification run {runId} of your plan.");
        }

        if (run.Status != CareHub.Identification.Runs.RunStatus.Completed)
        {
            return Outcome<RunReferrals>.Conflict($"The identification run is '{run.Status}'; only a completed run's members can be referred.");
        }

        var eligible = db.Determinations.AsNoTracking().Where(d => d.RunId == runId && d.Eligible);
        if (population is { Length: > 0 } pop)
        {
            eligible = eligible.Where(d => d.Population == pop);
        }

        var rows = await eligible.GroupBy(d => d.MemberId).Select(g => new { MemberId = g.Key, Population = g.Min(d => d.Population) }).ToListAsync(ct);
        var ids = rows.Select(r => r.MemberId).ToList();
        var open = (await db.Set<EcmCase>().AsNoTracking().Where(c => c.OpenMemberId != null && ids.Contains(c.MemberId)).Select(c => c.MemberId).ToListAsync(ct)).ToHashSet();
        var toRefer = rows.Where(r => !open.Contains(r.MemberId)).Take(Math.Clamp(max, 1, 5000)).ToList();
        var created = 0;
        foreach (var r in toRefer)
        {
            var result = await CreateAsync(new NewCase(r.MemberId, EcmSource.Identification, $"Identified for {r.Population} (run as of {run.AsOf:yyyy-MM-dd})", r.Population), ct);
            if (result.Kind == OutcomeKind.Created)
            {
                created++;
            }

            db.ChangeTracker.Clear();
        }

        return Outcome<RunReferrals>.Ok(new RunReferrals(run.Id, rows.Count, open.Count, created, rows.Count - open.Count - toRefer.Count));
    }

    public async Task<Outcome<CaseRef>> AuthorizeAsync(Guid caseId, AuthorizationRequest request, CancellationToken ct = default)
    {
        var decision = request.Decision?.Trim().ToLowerInvariant();
        if (decision is not ("approved" or "denied"))
        {
            return Outcome<CaseRef>.Invalid("decision", $"decision must be \"approved\" or \"denied\" (was {(request.Decision is null ? "empty" : $"\"{request.Decision}\"")}).");
        }

        if (decision == "denied" && string.IsNullOrWhiteSpace(request.Reason))
        {
            return Outcome<CaseRef>.Invalid("reason", "reason is required when the authorization is denied.");
        }

        if (await db.Set<EcmCase>().AnyAsync(c => c.Id == caseId && c.PresumptiveDueBy != null, ct))
        {
            return await DecidePresumptiveAsync(caseId, decision == "approved", Clean(request.Reason), ct);
        }

        return await ChangeAsync(caseId, PlanOnly, decision == "approved" ? EcmStateMachine.Authorize : EcmStateMachine.Deny, async c =>
        {
            if (decision == "approved")
            {
                var blocking = (await ExclusionsAsync(c.MemberId, Today, ct)).Where(f => f.Blocks).ToList();
                if (blocking.Count > 0)
                {
                    return $"The member cannot be authorized for ECM: {string.Join("; ", blocking.Select(f => f.Reason))}. Deny the authorization with that reason.";
                }
            }

            c.DecidedAt = Now;
            c.DecidedBy = Actor;
            c.DecisionReason = Clean(request.Reason);
            SetStatus(c, decision == "approved" ? EcmStatus.Authorized : EcmStatus.Denied,
                decision == "approved" ? "Authorized" + (c.DecisionReason is null ? "" : ": " + c.DecisionReason) : "Denied: " + c.DecisionReason);
            await CompleteTasksAsync(c, [EcmTaskKind.AuthorizationDecision], ct);
            if (decision == "approved")
            {
                await AddTaskAsync(c, c.PlanId, EcmTaskKind.Assignment, "Assign an ECM provider", EcmTaskSchedule.Assignment(Today));
            }
            else
            {
                await CompleteTasksAsync(c, null, ct);
            }

            audit.Add(EcmAuditActions.Authorize, c.MemberId, "ecm_cases/" + c.Id, $"decision={decision}; reason={c.DecisionReason}");
            return null;
        }, ct);
    }

    public async Task<Outcome<CaseRef>> AssignAsync(Guid caseId, AssignmentRequest request, CancellationToken ct = default)
    {
        if (request.ProviderId is not { } providerId || providerId == Guid.Empty)
        {
            return Outcome<CaseRef>.Invalid("providerId", "providerId is required (an ECM provider's organization id).");
        }

        var provider = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == providerId, ct);
        if (provider is null || provider.Type != OrganizationType.EcmProvider)
        {
            return Outcome<CaseRef>.Invalid("providerId", $"providerId {providerId} is not an ECM provider.");
        }

        return await ChangeAsync(caseId, PlanOnly, EcmStateMachine.Assign, async c =>
        {
            if (c.ProviderId == providerId)
            {
                return $"The case is '{c.Status}' and already assigned to {provider.Name}.";
            }

            var previous = c.ProviderId is { } old ? await db.Organizations.Where(o => o.Id == old).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
            await RevokeGrantAsync(c, ct);
            if (c.ProviderId is { } oldProvider)
            {
                await CompleteTasksAsync(c, null, ct, onlyOrganization: oldProvider, completedBy: "reassigned");
            }

            db.MemberAccessGrants.Add(new MemberAccessGrant
            {
                MemberId = c.MemberId,
                OrganizationId = providerId,
                Reason = GrantReason,
                SourceId = c.Id,
                GrantedAt = Now,
            });
            c.ProviderId = providerId;
            c.AssignedAt = Now;
            c.LeadCareManager = null;
            SetStatus(c, EcmStatus.Assigned, previous is null ? $"Assigned to {provider.Name}" : $"Reassigned from {previous} to {provider.Name}");
            await CompleteTasksAsync(c, [EcmTaskKind.Assignment], ct, onlyOrganization: c.PlanId);
            await AddTaskAsync(c, providerId, EcmTaskKind.Assignment, "Accept or decline the ECM assignment", EcmTaskSchedule.Acceptance(Today));
            audit.Add(EcmAuditActions.Assign, c.MemberId, "ecm_cases/" + c.Id, $"provider={provider.Name}" + (previous is null ? "" : $"; previous={previous}"));
            return null;
        }, ct);
    }

    public async Task<Outcome<CaseRef>> AcceptAsync(Guid caseId, AcceptanceRequest request, CancellationToken ct = default)
    {
        if (request.Accepted is not { } accepted)
        {
            return Outcome<CaseRef>.Invalid("accepted", "accepted is required: true to accept the assignment, false to decline it.");
        }

        if (!accepted && string.IsNullOrWhiteSpace(request.Reason))
        {
            return Outcome<CaseRef>.Invalid("reason", "reason is required when declining an assignment.");
        }

        return await ChangeAsync(caseId, AssignedProviderOnly, accepted ? EcmStateMachine.Accept : EcmStateMachine.Decline, async c =>
        {
            var providerName = await db.Organizations.Where(o => o.Id == c.ProviderId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            await CompleteTasksAsync(c, [EcmTaskKind.Assignment], ct);
            if (accepted)
            {
                SetStatus(c, EcmStatus.Accepted, $"Accepted by {providerName}" + (Clean(request.Reason) is { } note ? ": " + note : ""));
                await AddTaskAsync(c, c.ProviderId!.Value, EcmTaskKind.Outreach, "First outreach attempt (in person when possible)", EcmTaskSchedule.NextOutreach(Today));
                audit.Add(EcmAuditActions.Accept, c.MemberId, "ecm_cases/" + c.Id, null);
            }
            else
            {
                await RevokeGrantAsync(c, ct);
                await CompleteTasksAsync(c, null, ct, onlyOrganization: c.ProviderId, completedBy: "declined");
                c.ProviderId = null;
                c.AssignedAt = null;
                SetStatus(c, EcmStatus.Authorized, $"Declined by {providerName}: {request.Reason!.Trim()}");
                await AddTaskAsync(c, c.PlanId, EcmTaskKind.Assignment, $"Reassign: {providerName} declined ({request.Reason!.Trim()})", EcmTaskSchedule.Reassignment(Today));
                audit.Add(EcmAuditActions.Decline, c.MemberId, "ecm_cases/" + c.Id, "reason=" + request.Reason);
            }

            return null;
        }, ct);
    }

    public async Task<Outcome<CaseRef>> LogOutreachAsync(Guid caseId, OutreachRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var modality = request.Modality?.Trim().ToLowerInvariant();
        var outcome = request.Outcome?.Trim().ToLowerInvariant();
        if (request.Date is null) { errors["date"] = ["date is required (yyyy-MM-dd)."]; }
        else if (request.Date > Today) { errors["date"] = [$"date {request.Date:yyyy-MM-dd} is in the future."]; }

        if (modality is null || !OutreachModality.All.Contains(modality)) { errors["modality"] = [$"modality must be one of {string.Join(", ", OutreachModality.All)}."]; }
        if (outcome is null || !OutreachOutcome.All.Contains(outcome)) { errors["outcome"] = [$"outcome must be one of {string.Join(", ", OutreachOutcome.All)}."]; }
        if (request.Note is { Length: > 2000 }) { errors["note"] = ["note is longer than 2,000 characters."]; }
        if (errors.Count > 0)
        {
            return Outcome<CaseRef>.Invalid(errors);
        }

        return await ChangeAsync(caseId, AssignedProviderOnly, EcmStateMachine.LogOutreach, async c =>
        {
            if (request.Date < DateOnly.FromDateTime(c.ReferredAt.UtcDateTime))
            {
                return $"The outreach date {request.Date:yyyy-MM-dd} is before the referral ({c.ReferredAt.UtcDateTime:yyyy-MM-dd}).";
            }

            db.Add(new OutreachAttempt
            {
                CaseId = c.Id,
                MemberId = c.MemberId,
                ProviderId = c.ProviderId!.Value,
                Date = request.Date!.Value,
                Modality = modality!,
                Outcome = outcome!,
                Note = Clean(request.Note),
                RecordedBy = Actor,
                RecordedAt = Now,
            });
            var text = $"Outreach {request.Date:yyyy-MM-dd}: {OutreachModality.Label(modality!)}, {OutreachOutcome.Label(outcome!).ToLowerInvariant()}";
            if (c.Status == EcmStatus.Accepted)
            {
                SetStatus(c, EcmStatus.Outreach, text);
            }
            else
            {
                AddEvent(c, EcmEventKind.Outreach, text);
            }

            await CompleteTasksAsync(c, [EcmTaskKind.Outreach], ct);
            var attempts = await db.Set<OutreachAttempt>().Where(o => o.CaseId == c.Id).Select(o => new { o.Date, o.Modality, o.Outcome }).ToListAsync(ct);
            attempts.Add(new { Date = request.Date!.Value, Modality = modality!, Outcome = outcome! });
            var settings = await SettingsAsync(c.PlanId, ct);
            var utr = settings.UnableToReach.Evaluate(attempts.Select(a => (a.Date, a.Modality, a.Outcome)));
            if (utr.Flagged)
            {
                AddEvent(c, EcmEventKind.Outreach, utr.Explanation);
                await AddTaskAsync(c, c.ProviderId!.Value, EcmTaskKind.FollowUp, "Unable to reach: close outreach (disenroll) or record why outreach continues", EcmTaskSchedule.UnableToReachFollowUp(Today));
            }
            else if (outcome != OutreachOutcome.Reached && outcome != OutreachOutcome.Declined)
            {
                await AddTaskAsync(c, c.ProviderId!.Value, EcmTaskKind.Outreach, "Next outreach attempt", EcmTaskSchedule.NextOutreach(Today));
            }

            audit.Add(EcmAuditActions.Outreach, c.MemberId, "ecm_cases/" + c.Id, $"date={request.Date:yyyy-MM-dd}; modality={modality}; outcome={outcome}");
            return null;
        }, ct);
    }

    public async Task<Outcome<CaseRef>> EnrollAsync(Guid caseId, EnrollmentRequest request, CancellationToken ct = default)
    {
        if (EcmEnrollment.Validate(request.EnrollmentDate, request.ConsentDate, DateOnly.MinValue, Today) is { Count: > 0 } invalid)
        {
            return Outcome<CaseRef>.Invalid(invalid.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        }

        var enrolledOn = request.EnrollmentDate!.Value;
        var consent = request.ConsentDate;
        return await ChangeAsync(caseId, AssignedProviderOnly, EcmStateMachine.Enroll, async c =>
        {
            if (EcmEnrollment.Validate(enrolledOn, consent, DateOnly.FromDateTime(c.ReferredAt.UtcDateTime), Today) is { Count: > 0 } late)
            {
                return string.Join(" ", late.Select(p => p.Message));
            }

            c.ConsentDate = consent;
            c.EnrollmentDate = enrolledOn;
            c.EnrolledAt = Now;
            c.LeadCareManager = Clean(request.LeadCareManager) ?? Scope.UserName;
            SetStatus(c, EcmStatus.Enrolled, $"Enrolled on {enrolledOn:yyyy-MM-dd}; {(consent is { } given ? $"consent {given:yyyy-MM-dd}" : "no consent date recorded")}; Lead Care Manager {c.LeadCareManager}");
            await CompleteTasksAsync(c, [EcmTaskKind.Outreach, EcmTaskKind.FollowUp], ct);
            if (c.LeadCareManager is { } lead)
            {
                db.Add(new CareTeamMember { CaseId = c.Id, MemberId = c.MemberId, Name = lead, Role = "Lead Care Manager", IsInternal = true, IsLeadCareManager = true, AddedAt = Now });
            }

            await AddTaskAsync(c, c.ProviderId!.Value, EcmTaskKind.Assessment, "Complete the comprehensive assessment", EcmTaskSchedule.Assessment(Today));
            await AddTaskAsync(c, c.ProviderId!.Value, EcmTaskKind.CarePlan, "Write the care plan with the member", EcmTaskSchedule.CarePlan(Today));
            audit.Add(EcmAuditActions.Enroll, c.MemberId, "ecm_cases/" + c.Id, $"enrollmentDate={enrolledOn:yyyy-MM-dd}; consentDate={consent:yyyy-MM-dd}");
            return null;
        }, ct);
    }

    public async Task<Outcome<CaseRef>> DisenrollAsync(Guid caseId, DisenrollmentRequest request, CancellationToken ct = default)
    {
        var reason = request.Reason?.Trim().ToLowerInvariant();
        if (reason is null || !DisenrollmentReason.All.Contains(reason))
        {
            return Outcome<CaseRef>.Invalid("reason", $"reason must be one of {string.Join(", ", DisenrollmentReason.All)}.");
        }

        if (reason == DisenrollmentReason.Other && string.IsNullOrWhiteSpace(request.Note))
        {
            return Outcome<CaseRef>.Invalid("note", "Explain the reason in the note when it is \"other\".");
        }

        return await ChangeAsync(caseId, PlanOrAssignedProvider, EcmStateMachine.Disenroll, async c =>
        {
            c.DisenrolledAt = Now;
            c.DisenrollmentReason = reason;
            c.DisenrollmentNote = Clean(request.Note);
            SetStatus(c, EcmStatus.Disenrolled, $"Disenrolled: {DisenrollmentReason.Label(reason)}" + (c.DisenrollmentNote is null ? "" : " — " + c.DisenrollmentNote));
            await CompleteTasksAsync(c, null, ct, completedBy: "case closed");
            await RevokeGrantAsync(c, ct);
            audit.Add(EcmAuditActions.Disenroll, c.MemberId, "ecm_cases/" + c.Id, "reason=" + reason);
            return null;
        }, ct);
    }

    public async Task<Outcome<CaseRef>> AssessAsync(Guid caseId, AssessmentRequest request, CancellationToken ct = default)
    {
        var form = request.FormCode is null && request.FormVersion is null ? AssessmentForms.Current(Today)
            : AssessmentForms.Find(request.FormCode ?? AssessmentForms.Comprehensive, request.FormVersion ?? 0);
        if (form is null)
        {
            return Outcome<CaseRef>.Invalid("formVersion", $"There is no assessment form {request.FormCode} version {request.FormVersion}; forms: {string.Join(", ", AssessmentForms.All.Select(f => $"{f.Code} v{f.Version}"))}.");
        }

        var answers = (request.Answers ?? []).ToDictionary(a => a.Key, a => a.Value?.Trim());
        var errors = form.Validate(answers);
        if (errors.Count > 0)
        {
            return Outcome<CaseRef>.Invalid(errors);
        }

        return await ChangeAsync(caseId, AssignedProviderOnly, EcmStateMachine.Document, async c =>
        {
            var needs = form.SocialNeeds(answers);
            db.Add(new EcmAssessment
            {
                CaseId = c.Id,
                MemberId = c.MemberId,
                FormCode = form.Code,
                FormVersion = form.Version,
                AnswersJson = JsonSerializer.Serialize(answers.Where(a => !string.IsNullOrEmpty(a.Value)).ToDictionary(), Json),
                SocialNeeds = needs.Count == 0 ? null : string.Join(',', needs),
                CompletedAt = Now,
                CompletedBy = Actor,
            });
            AddEvent(c, EcmEventKind.Assessment, $"Assessment completed ({form.Title} v{form.Version}); social needs: {(needs.Count == 0 ? "none found" : string.Join(", ", needs))}");
            await CompleteTasksAsync(c, [EcmTaskKind.Assessment, EcmTaskKind.Reassessment], ct);
            audit.Add(EcmAuditActions.Assess, c.MemberId, "ecm_cases/" + c.Id, $"form={form.Code} v{form.Version}");
            return null;
        }, ct, touchRevision: false);
    }

    /// <summary>Saves a new care plan version. Refused with a conflict when someone saved after the editor's base version.</summary>
    public async Task<Outcome<CarePlanItem>> SaveCarePlanAsync(Guid caseId, CarePlanRequest request, CancellationToken ct = default)
    {
        var draft = new CarePlanDraft(request.BaseVersion ?? -1, request.ProblemsAndGoals, request.Interventions ?? [], request.MemberWords, request.ProgressNotes);
        var errors = new Dictionary<string, string[]>(CarePlans.Validate(draft));
        if (request.BaseVersion is null)
        {
            errors["baseVersion"] = ["baseVersion is required: the care plan version you started editing (0 for a new care plan)."];
        }

        if (errors.Count > 0)
        {
            return Outcome<CarePlanItem>.Invalid(errors);
        }

        var c = await db.Set<EcmCase>().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        var access = c is null ? Outcome<CarePlanItem>.NotFound($"No ECM case {caseId} is visible to your organization.") : AssignedProviderOnly(c).As<CarePlanItem>();
        if (c is null || access.Kind != OutcomeKind.Ok)
        {
            return access;
        }

        if (EcmStateMachine.Check(c.Status, EcmStateMachine.Document) is { } refused)
        {
            return Outcome<CarePlanItem>.Conflict(refused);
        }

        var latest = await db.Set<CarePlanVersion>().AsNoTracking().Where(v => v.CaseId == caseId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (CarePlans.Conflict(draft.BaseVersion, latest?.Version ?? 0, latest?.SavedBy, latest?.SavedAt) is { } conflict)
        {
            return Outcome<CarePlanItem>.Conflict(conflict);
        }

        var version = new CarePlanVersion
        {
            CaseId = c.Id,
            MemberId = c.MemberId,
            Version = (latest?.Version ?? 0) + 1,
            ProblemsAndGoals = draft.ProblemsAndGoals!.Trim(),
            InterventionsJson = JsonSerializer.Serialize(draft.Interventions.Select(i => i with { Text = i.Text.Trim(), Owner = i.Owner?.Trim() }), Json),
            MemberWords = Clean(draft.MemberWords),
            ProgressNotes = Clean(draft.ProgressNotes),
            SavedAt = Now,
            SavedBy = Actor,
        };
        db.Add(version);
        AddEvent(c, EcmEventKind.CarePlan, $"Care plan version {version.Version} saved ({draft.Interventions.Count} intervention{(draft.Interventions.Count == 1 ? "" : "s")})");
        await CompleteTasksAsync(c, [EcmTaskKind.CarePlan], ct);
        foreach (var i in draft.Interventions.Where(i => i.DueDate is not null))
        {
            await AddTaskAsync(c, c.ProviderId!.Value, EcmTaskKind.FollowUp, $"Care plan: {Shorten(i.Text, 120)} ({i.Owner})", i.DueDate!.Value);
        }

        audit.Add(EcmAuditActions.CarePlan, c.MemberId, "ecm_cases/" + c.Id, $"version={version.Version}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var winner = await db.Set<CarePlanVersion>().AsNoTracking().Where(v => v.CaseId == caseId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
            return Outcome<CarePlanItem>.Conflict(CarePlans.Conflict(draft.BaseVersion, winner?.Version ?? draft.BaseVersion + 1, winner?.SavedBy, winner?.SavedAt)
                ?? "Someone else saved the care plan at the same moment; review their version and save again.");
        }

        return Outcome<CarePlanItem>.Created(EcmQueries.ToItem(version));
    }

    public async Task<Outcome<CaseRef>> AddCareTeamMemberAsync(Guid caseId, CareTeamRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name)) { errors["name"] = ["name is required."]; }
        else if (request.Name.Length > 200) { errors["name"] = ["name is longer than 200 characters."]; }
        if (string.IsNullOrWhiteSpace(request.Role)) { errors["role"] = ["role is required (for example Primary care provider, Housing navigator)."]; }
        else if (request.Role.Length > 100) { errors["role"] = ["role is longer than 100 characters."]; }
        if (request.Organization is { Length: > 200 }) { errors["organization"] = ["organization is longer than 200 characters."]; }
        if (request.Contact is { Length: > 200 }) { errors["contact"] = ["contact is longer than 200 characters."]; }
        if (errors.Count > 0)
        {
            return Outcome<CaseRef>.Invalid(errors);
        }

        return await ChangeAsync(caseId, AssignedProviderOnly, EcmStateMachine.Document, async c =>
        {
            if (request.LeadCareManager)
            {
                foreach (var lead in await db.Set<CareTeamMember>().Where(t => t.CaseId == c.Id && t.IsLeadCareManager && t.RemovedAt == null).ToListAsync(ct))
                {
                    lead.IsLeadCareManager = false;
                }

                c.LeadCareManager = request.Name!.Trim();
            }

            db.Add(new CareTeamMember
            {
                CaseId = c.Id,
                MemberId = c.MemberId,
                Name = request.Name!.Trim(),
                Role = request.Role!.Trim(),
                Organization = Clean(request.Organization),
                Contact = Clean(request.Contact),
                IsInternal = request.Internal,
                IsLeadCareManager = request.LeadCareManager,
                AddedAt = Now,
            });
            AddEvent(c, EcmEventKind.CareTeam, $"Care team: added {request.Name!.Trim()} ({request.Role!.Trim()}{(request.Internal ? ", internal" : ", external")}{(request.LeadCareManager ? ", Lead Care Manager" : "")})");
            audit.Add(EcmAuditActions.CareTeam, c.MemberId, "ecm_cases/" + c.Id, "add " + request.Name);
            return null;
        }, ct, touchRevision: request.LeadCareManager);
    }

    public async Task<Outcome<CaseRef>> RemoveCareTeamMemberAsync(Guid caseId, Guid teamMemberId, CancellationToken ct = default) =>
        await ChangeAsync(caseId, AssignedProviderOnly, EcmStateMachine.Document, async c =>
        {
            var person = await db.Set<CareTeamMember>().FirstOrDefaultAsync(t => t.Id == teamMemberId && t.CaseId == c.Id && t.RemovedAt == null, ct);
            if (person is null)
            {
                return "That person is not on the case's care team.";
            }

            person.RemovedAt = Now;
            AddEvent(c, EcmEventKind.CareTeam, $"Care team: removed {person.Name} ({person.Role})");
            audit.Add(EcmAuditActions.CareTeam, c.MemberId, "ecm_cases/" + c.Id, "remove " + person.Name);
            return null;
        }, ct, touchRevision: false);

    public async Task<Outcome<TaskItem>> CompleteTaskAsync(Guid taskId, CancellationToken ct = default)
    {
        var task = await db.Set<EcmTask>().FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || (!Scope.IsUnrestricted && task.OrganizationId != Scope.OrganizationId))
        {
            return Outcome<TaskItem>.NotFound($"No task {taskId} is on your organization's worklist.");
        }

        if (task.CompletedAt is not null)
        {
            return Outcome<TaskItem>.Conflict($"The task was already completed {task.CompletedAt:yyyy-MM-dd} by {task.CompletedBy}.");
        }

        task.CompletedAt = Now;
        task.CompletedBy = Actor;
        db.Add(new EcmCaseEvent
        {
            CaseId = task.CaseId,
            MemberId = task.MemberId,
            At = Now,
            Status = await db.Set<EcmCase>().Where(c => c.Id == task.CaseId).Select(c => c.Status).FirstAsync(ct),
            Kind = EcmEventKind.TaskDone,
            By = Actor,
            Detail = "Task done: " + task.Title,
        });
        audit.Add(EcmAuditActions.Task, task.MemberId, "ecm_tasks/" + task.Id, "completed " + task.Kind);
        await db.SaveChangesAsync(ct);
        var member = await db.Members.AsNoTracking().Where(m => m.Id == task.MemberId).Select(m => new { m.FirstName, m.LastName, m.PlanMemberId }).FirstAsync(ct);
        return Outcome<TaskItem>.Ok(new TaskItem(task.Id, task.CaseId, task.MemberId, member.FirstName + " " + member.LastName, member.PlanMemberId, task.Kind, task.Title,
            task.DueDate, false, task.CompletedAt, task.CompletedBy, task.OrganizationId));
    }

    /// <summary>Records a member's enrollment in another program (hospice, PACE, a waiver...) for the exclusion checks.</summary>
    public async Task<Outcome<Guid>> AddProgramAsync(Guid memberId, string? program, DateOnly? start, DateOnly? end, string? source, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var codes = catalog.EcmExclusions.SelectMany(e => ProgramCodes(e.Criteria)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (string.IsNullOrWhiteSpace(program) || !codes.Contains(program.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            errors["program"] = [$"program must be one of {string.Join(", ", codes)}."];
        }

        if (start is null) { errors["start"] = ["start is required (yyyy-MM-dd)."]; }
        if (start is not null && end is not null && end < start) { errors["end"] = [$"end {end:yyyy-MM-dd} is before start {start:yyyy-MM-dd}."]; }
        if (errors.Count > 0)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        if (!IsPlan)
        {
            return Outcome<Guid>.Forbidden("Only the member's plan records other program enrollments.");
        }

        if (!await db.Members.AnyAsync(m => m.Id == memberId, ct))
        {
            return Outcome<Guid>.NotFound($"No member {memberId} is visible to your organization.");
        }

        var row = new MemberProgramEnrollment { MemberId = memberId, Program = program!.Trim().ToLowerInvariant(), Start = start!.Value, End = end, Source = Clean(source) };
        db.Add(row);
        audit.Add(EcmAuditActions.Programs, memberId, "member_program_enrollments/" + row.Id, $"program={row.Program}; {row.Start:yyyy-MM-dd}..{row.End:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return Outcome<Guid>.Created(row.Id);
    }

    internal static IEnumerable<string> ProgramCodes(Criterion criterion) => criterion switch
    {
        ProgramCriterion p => [p.Program],
        AnyOf any => any.Criteria.SelectMany(ProgramCodes),
        AllOf all => all.Criteria.SelectMany(ProgramCodes),
        _ => [],
    };

    // ---- helpers ----

    private Outcome<CaseRef> PlanOnly(EcmCase c) =>
        Scope.IsUnrestricted || (Scope.OrganizationType == OrganizationType.Plan && Scope.OrganizationId == c.PlanId)
            ? Outcome<CaseRef>.Ok(new CaseRef(c.Id, c.Status))
            : Outcome<CaseRef>.Forbidden("Only the member's plan may do this.");

    private Outcome<CaseRef> AssignedProviderOnly(EcmCase c) =>
        Scope.IsUnrestricted || (Scope.OrganizationType == OrganizationType.EcmProvider && c.ProviderId is not null && Scope.OrganizationId == c.ProviderId)
            ? Outcome<CaseRef>.Ok(new CaseRef(c.Id, c.Status))
            : Outcome<CaseRef>.Forbidden(c.ProviderId is null
                ? $"The case is '{c.Status}' and not assigned to an ECM provider; only the assigned provider may do this."
                : "Only the ECM provider the case is assigned to may do this.");

    private Outcome<CaseRef> PlanOrAssignedProvider(EcmCase c) =>
        PlanOnly(c) is { Kind: OutcomeKind.Ok } ok ? ok : AssignedProviderOnly(c);

    /// <summary>Loads the case, checks who may act and the status step, applies the change, saves once.</summary>
    private async Task<Outcome<CaseRef>> ChangeAsync(Guid caseId, Func<EcmCase, Outcome<CaseRef>> allowed, EcmStep step,
        Func<EcmCase, Task<string?>> apply, CancellationToken ct, bool touchRevision = true)
    {
        var c = await db.Set<EcmCase>().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null)
        {
            return Outcome<CaseRef>.NotFound($"No ECM case {caseId} is visible to your organization.");
        }

        var access = allowed(c);
        if (access.Kind != OutcomeKind.Ok)
        {
            return access;
        }

        if (EcmStateMachine.Check(c.Status, step) is { } refused)
        {
            return Outcome<CaseRef>.Conflict(refused);
        }

        if (await apply(c) is { } problem)
        {
            db.ChangeTracker.Clear();
            return Outcome<CaseRef>.Conflict(problem);
        }

        if (touchRevision)
        {
            c.Revision = Guid.NewGuid();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Set<EcmCase>().AsNoTracking().Where(x => x.Id == caseId).Select(x => x.Status).FirstOrDefaultAsync(ct);
            return Outcome<CaseRef>.Conflict($"The case changed while you were working on it; it is now '{now}'. Reload it and try again.");
        }

        return Outcome<CaseRef>.Ok(new CaseRef(c.Id, c.Status));
    }

    private void SetStatus(EcmCase c, string status, string detail)
    {
        c.Status = status;
        c.StatusChangedAt = Now;
        c.OpenMemberId = EcmStatus.IsOpen(status) ? c.MemberId : null;
        db.Add(new EcmCaseEvent { CaseId = c.Id, MemberId = c.MemberId, At = Now, Status = status, Kind = EcmEventKind.Status, By = Actor, Detail = detail });
    }

    private void AddEvent(EcmCase c, string kind, string detail) =>
        db.Add(new EcmCaseEvent { CaseId = c.Id, MemberId = c.MemberId, At = Now, Status = c.Status, Kind = kind, By = Actor, Detail = Shorten(detail, 2000) });

    private async Task AddTaskAsync(EcmCase c, Guid organizationId, string kind, string title, DateOnly due)
    {
        if (!sortNames.TryGetValue(c.MemberId, out var sortName))
        {
            var name = db.Members.Local.FirstOrDefault(m => m.Id == c.MemberId) is { } added
                ? new { added.LastName, added.FirstName }
                : await db.Members.IgnoreQueryFilters().Where(m => m.Id == c.MemberId).Select(m => new { m.LastName, m.FirstName }).FirstAsync();
            sortName = Member.SortName(name.LastName, name.FirstName);
            sortNames[c.MemberId] = sortName;
        }

        db.Add(new EcmTask { CaseId = c.Id, MemberId = c.MemberId, OrganizationId = organizationId, Kind = kind, Title = Shorten(title, 300), MemberSortName = sortName, DueDate = due, CreatedAt = Now });
    }

    private async Task CompleteTasksAsync(EcmCase c, string[]? kinds, CancellationToken ct, Guid? onlyOrganization = null, string? completedBy = null)
    {
        var query = db.Set<EcmTask>().Where(t => t.CaseId == c.Id && t.CompletedAt == null);
        if (kinds is not null)
        {
            query = query.Where(t => kinds.Contains(t.Kind));
        }

        if (onlyOrganization is { } org)
        {
            query = query.Where(t => t.OrganizationId == org);
        }

        foreach (var t in await query.ToListAsync(ct))
        {
            t.CompletedAt = Now;
            t.CompletedBy = completedBy ?? Actor;
        }
    }

    private async Task RevokeGrantAsync(EcmCase c, CancellationToken ct)
    {
        foreach (var g in await db.MemberAccessGrants.Where(g => g.Reason == GrantReason && g.SourceId == c.Id && g.RevokedAt == null).ToListAsync(ct))
        {
            g.RevokedAt = Now;
        }
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
