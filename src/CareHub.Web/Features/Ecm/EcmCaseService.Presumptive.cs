using CareHub.Common;
using CareHub.Ecm;
using CareHub.Members;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>Enrollments that do not go through assignment and outreach: the WPC/HHP transition of 2022-01-01 and
/// presumptive authorization by an ECM provider.</summary>
public sealed partial class EcmCaseService
{
    /// <summary>A member moving from Whole Person Care or Health Homes on 2022-01-01 stays with the provider that served
    /// them: the case is enrolled with that provider on the transition date, without assignment, acceptance or
    /// outreach. The reassessment task is created while it is still ahead.</summary>
    private async Task EnrollTransitionAsync(EcmCase c, Guid providerId, DateOnly transitionDate, IntakeDecision decision, CancellationToken ct)
    {
        var provider = await db.Organizations.AsNoTracking().Where(o => o.Id == providerId).Select(o => o.Name).FirstAsync(ct);
        db.MemberAccessGrants.Add(new MemberAccessGrant { MemberId = c.MemberId, OrganizationId = providerId, Reason = GrantReason, SourceId = c.Id, GrantedAt = Now });
        c.ProviderId = providerId;
        c.AssignedAt = Now;
        c.EnrollmentDate = transitionDate;
        c.EnrolledAt = Now;
        c.Status = EcmStatus.Enrolled;
        c.StatusChangedAt = Now;
        db.Add(new EcmCaseEvent
        {
            CaseId = c.Id,
            MemberId = c.MemberId,
            At = Now,
            Status = EcmStatus.Enrolled,
            Kind = EcmEventKind.Status,
            By = "system",
            Detail = $"Enrolled on {transitionDate:yyyy-MM-dd} with {provider}, the provider that served the member in {EcmSource.Label(c.Source)}; no re-enrollment needed.",
        });
        if (decision.ReassessmentDue is { } due && due >= Today)
        {
            await AddTaskAsync(c, c.PlanId, EcmTaskKind.Reassessment, $"Reassess ({EcmSource.Label(c.Source)}): confirm the level of care management and update the care plan", due);
        }
    }

    /// <summary>
    /// An ECM provider enrolls a member at once where the member's plan allows presumptive authorization; the plan then
    /// authorizes within its clock (<see cref="EcmPlanSettings.PresumptiveAuthorizationDays"/>) or the enrollment ends.
    /// The member is found by CIN and birth date together (a provider does not see the plan's members before).
    /// </summary>
    public async Task<Outcome<CaseRef>> EnrollPresumptivelyAsync(PresumptiveEnrollmentRequest request, CancellationToken ct = default)
    {
        if (Scope.OrganizationType != OrganizationType.EcmProvider || Scope.OrganizationId is not { } providerId)
        {
            return Outcome<CaseRef>.Forbidden("Only an ECM provider enrolls a member presumptively.");
        }

        var errors = new Dictionary<string, string[]>();
        var cin = request.Cin?.Trim();
        if (string.IsNullOrEmpty(cin) || cin.Length > 20)
        {
            errors["cin"] = ["cin is required: the member's Medi-Cal client index number (up to 20 characters)."];
        }

        if (request.BirthDate is null)
        {
            errors["birthDate"] = ["birthDate is required (yyyy-MM-dd), to confirm the member."];
        }

        if (request.Reason is { Length: > 2000 })
        {
            errors["reason"] = ["reason is longer than 2,000 characters."];
        }

        foreach (var p in EcmEnrollment.Validate(request.EnrollmentDate, request.ConsentDate, DateOnly.MinValue, Today))
        {
            errors[p.Field] = [p.Message];
        }

        if (errors.Count > 0)
        {
            return Outcome<CaseRef>.Invalid(errors);
        }

        // Exact CIN and birth date only: nothing about other members is revealed.
        var member = await db.Members.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(m => m.Cin == cin && m.BirthDate == request.BirthDate, ct);
        if (member is null)
        {
            return Outcome<CaseRef>.NotFound("No Medi-Cal member with that CIN and birth date is enrolled in a plan CareHub serves.");
        }

        var enrolledOn = request.EnrollmentDate!.Value;
        var settings = await SettingsAsync(member.PlanId, ct);
        if (PresumptiveAuthorization.CanEnroll(settings, enrolledOn) is { } refused)
        {
            return refused.Field == "presumptive" ? Outcome<CaseRef>.Conflict(refused.Message) : Outcome<CaseRef>.Invalid(refused.Field, refused.Message);
        }

        if (await db.Set<EcmCase>().IgnoreQueryFilters().AnyAsync(c => c.OpenMemberId == member.Id, ct))
        {
            return Outcome<CaseRef>.Conflict("The member already has an open ECM case; the plan decides on it.");
        }

        var findings = await ExclusionsAsync(member.Id, enrolledOn, ct);
        if (findings.Where(f => f.Blocks).ToList() is { Count: > 0 } blocking)
        {
            return Outcome<CaseRef>.Conflict($"The member cannot be enrolled in ECM: {string.Join("; ", blocking.Select(f => f.Reason))}.");
        }

        var provider = await db.Organizations.AsNoTracking().Where(o => o.Id == providerId).Select(o => o.Name).FirstAsync(ct);
        var due = PresumptiveAuthorization.DueBy(enrolledOn, settings);
        var c = new EcmCase
        {
            MemberId = member.Id,
            PlanId = member.PlanId,
            OpenMemberId = member.Id,
            Source = EcmSource.EcmProvider,
            Reason = Clean(request.Reason),
            Population = Clean(request.Population),
            ReferrerOrganization = provider,
            ReferredAt = Now,
            ReferredBy = Actor,
            DecisionDueBy = due,
            Status = EcmStatus.Enrolled,
            StatusChangedAt = Now,
            Presumptive = true,
            PresumptiveDueBy = due,
            ProviderId = providerId,
            AssignedAt = Now,
            EnrollmentDate = enrolledOn,
            ConsentDate = request.ConsentDate,
            EnrolledAt = Now,
            LeadCareManager = Clean(request.LeadCareManager) ?? Actor,
        };
        db.Add(c);
        db.MemberAccessGrants.Add(new MemberAccessGrant { MemberId = member.Id, OrganizationId = providerId, Reason = GrantReason, SourceId = c.Id, GrantedAt = Now });
        SetStatus(c, EcmStatus.Enrolled, $"Enrolled presumptively on {enrolledOn:yyyy-MM-dd} by {provider}; the plan authorizes by {due:yyyy-MM-dd} or the enrollment ends.");
        await AddTaskAsync(c, c.PlanId, EcmTaskKind.AuthorizationDecision, $"Authorize the presumptive ECM enrollment by {provider} (or it ends)", due);
        await AddTaskAsync(c, providerId, EcmTaskKind.Assessment, "Complete the comprehensive assessment", EcmTaskSchedule.Assessment(Today));
        audit.Add(EcmAuditActions.Enroll, member.Id, "ecm_cases/" + c.Id, $"presumptive; enrollmentDate={enrolledOn:yyyy-MM-dd}; dueBy={due:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return Outcome<CaseRef>.Created(new CaseRef(c.Id, c.Status));
    }

    /// <summary>The plan's decision on a presumptive enrollment: authorized within the clock, the enrollment continues;
    /// denied, or decided after the clock ran out, it ends.</summary>
    private async Task<Outcome<CaseRef>> DecidePresumptiveAsync(Guid caseId, bool approved, string? reason, CancellationToken ct)
    {
        var step = new EcmStep("decide the presumptive enrollment", [EcmStatus.Enrolled], EcmStatus.Enrolled);
        PresumptiveOutcome? outcome = null;
        var result = await ChangeAsync(caseId, PlanOnly, step, async c =>
        {
            outcome = PresumptiveAuthorization.Decide(approved, c.PresumptiveDueBy!.Value, Today);
            c.DecidedAt = Now;
            c.DecidedBy = Actor;
            c.DecisionReason = reason;
            c.PresumptiveDueBy = null;
            await CompleteTasksAsync(c, [EcmTaskKind.AuthorizationDecision], ct);
            if (outcome == PresumptiveOutcome.Authorized)
            {
                AddEvent(c, EcmEventKind.Status, "Presumptive enrollment authorized by the plan" + (reason is null ? "" : ": " + reason));
            }
            else
            {
                var why = outcome == PresumptiveOutcome.Denied
                    ? "The plan denied the presumptive enrollment" + (reason is null ? "" : ": " + reason)
                    : $"The plan did not authorize the presumptive enrollment by {c.DecisionDueBy:yyyy-MM-dd}";
                c.DisenrolledAt = Now;
                c.DisenrollmentReason = DisenrollmentReason.PresumptiveNotAuthorized;
                c.DisenrollmentNote = why;
                SetStatus(c, EcmStatus.Disenrolled, $"Enrollment ended: {why}.");
                await CompleteTasksAsync(c, null, ct);
                await RevokeGrantAsync(c, ct);
            }

            audit.Add(EcmAuditActions.Authorize, c.MemberId, "ecm_cases/" + c.Id, $"presumptive; decision={(approved ? "approved" : "denied")}; outcome={outcome}");
            return null;
        }, ct);
        return result.Kind == OutcomeKind.Ok && outcome == PresumptiveOutcome.Expired
            ? Outcome<CaseRef>.Conflict("The plan's clock for this presumptive enrollment ran out before the authorization, so the enrollment has ended.")
            : result;
    }
}
