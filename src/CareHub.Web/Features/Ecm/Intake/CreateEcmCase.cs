using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>A referral. For a Whole Person Care / Health Homes transition (<c>wpc</c>, <c>hhp</c>): the transition date
/// (2022-01-01) and the ECM provider that served the member.</summary>
public sealed record NewCase(Guid MemberId, string? Source, string? Reason, string? Population = null,
    string? ReferrerName = null, string? ReferrerOrganization = null, string? ReferrerPhone = null,
    DateOnly? TransitionDate = null, Guid? ProviderId = null);

/// <summary>
/// A referral for ECM. A member with an open case gets no second one: the referral is merged into the open case (its
/// source and reason go on the case's timeline) and that case is returned with <see cref="OutcomeKind.Ok"/>. A
/// Population of Focus not yet live in the member's county on the referral date (the transition date for WPC/HHP) is
/// refused under <c>population</c>.
/// </summary>
public sealed class CreateEcmCase(CareHubDbContext db, EcmWriter writer, EcmLookups lookups, ProgramCatalog catalog)
{
    public async Task<Outcome<CaseRef>> HandleAsync(NewCase request, CancellationToken ct = default)
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

        var population = request.Population is { Length: > 0 } pop ? catalog.FindPopulation(pop) : null;
        if (request.Population is { Length: > 0 } code && population is null)
        {
            errors["population"] = [$"population '{code}' is not a Population of Focus in the catalog."];
        }

        var transitionDate = request.TransitionDate ?? writer.Today;
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

        var startsOn = EcmSource.IsTransition(source!) ? transitionDate : writer.Today;
        if (population is not null && EcmIntake.GoLiveProblem(population, member.County, startsOn) is { } notLive)
        {
            return Outcome<CaseRef>.Invalid(notLive.Field, notLive.Message);
        }

        var settings = await lookups.SettingsAsync(member.PlanId, ct);
        var findings = await lookups.ExclusionsAsync(member.Id, startsOn, ct);
        var decision = EcmIntake.Decide(source!, startsOn, settings, findings);
        var now = writer.Now;
        var c = new EcmCase
        {
            MemberId = member.Id,
            PlanId = member.PlanId,
            OpenMemberId = member.Id,
            Source = source!,
            Reason = EcmWriter.Clean(request.Reason),
            Population = EcmWriter.Clean(request.Population),
            ReferrerName = EcmWriter.Clean(request.ReferrerName),
            ReferrerOrganization = EcmWriter.Clean(request.ReferrerOrganization),
            ReferrerPhone = EcmWriter.Clean(request.ReferrerPhone),
            ReferredAt = now,
            ReferredBy = writer.Actor,
            DecisionDueBy = decision.DecisionDueBy,
            StatusChangedAt = now,
        };
        writer.Add(c);
        writer.AddEvent(c, EcmEventKind.Status, $"Referred by {EcmSource.Label(source!)}{(c.Reason is null ? "" : ": " + c.Reason)}");
        if (decision.AutoAuthorize)
        {
            c.AutoAuthorized = true;
            c.DecidedAt = now;
            c.DecidedBy = "system";
            c.DecisionReason = decision.Note;
            writer.SetStatus(c, EcmStatus.Authorized, decision.Note!, by: "system");
            await EnrollTransitionAsync(c, request.ProviderId!.Value, transitionDate, settings, ct);
        }
        else
        {
            writer.AddTask(c, c.PlanId, EcmTaskKind.AuthorizationDecision, "Decide the ECM authorization" + (decision.Note is null ? "" : " — " + decision.Note), decision.DecisionDueBy);
        }

        writer.Audit(EcmAuditActions.Create, member.Id, "ecm_cases/" + c.Id, $"source={source}; status={c.Status.ToCode()}" + (decision.Note is null ? "" : "; " + decision.Note));
        try
        {
            await writer.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another referral for the same member won the race for the one open case: merge into it.
            writer.Discard();
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
            + (EcmWriter.Clean(request.ReferrerName) is { } who ? $" ({who}{(EcmWriter.Clean(request.ReferrerOrganization) is { } org ? ", " + org : "")})" : "")
            + (EcmWriter.Clean(request.Reason) is { } reason ? ": " + reason : "");
        writer.AddEvent(existing, EcmEventKind.ReferralMerged, detail);
        writer.Audit(EcmAuditActions.Merge, existing.MemberId, "ecm_cases/" + existing.Id, $"source={source}");
        await writer.SaveAsync(ct);
        return Outcome<CaseRef>.Ok(new CaseRef(existing.Id, existing.Status));
    }

    /// <summary>A member moving from Whole Person Care or Health Homes on 2022-01-01 stays with the provider that served
    /// them: the case is enrolled with that provider on the transition date, without assignment, acceptance or
    /// outreach. The reassessment task is created while it is still ahead.</summary>
    private async Task EnrollTransitionAsync(EcmCase c, Guid providerId, DateOnly transitionDate, EcmPlanSettings settings, CancellationToken ct)
    {
        var provider = await db.Organizations.AsNoTracking().Where(o => o.Id == providerId).Select(o => o.Name).FirstAsync(ct);
        writer.Grant(c, providerId);
        c.ProviderId = providerId;
        c.AssignedAt = writer.Now;
        c.EnrollmentDate = transitionDate;
        c.EnrolledAt = writer.Now;
        writer.SetStatus(c, EcmStatus.Enrolled,
            $"Enrolled on {transitionDate:yyyy-MM-dd} with {provider}, the provider that served the member in {EcmSource.Label(c.Source)}; no re-enrollment needed.", by: "system");
        if (EcmTaskSchedule.ReassessmentStillAhead(transitionDate, settings, writer.Today) is { } due)
        {
            writer.AddTask(c, c.PlanId, EcmTaskKind.Reassessment, $"Reassess ({EcmSource.Label(c.Source)}): confirm the level of care management and update the care plan", due);
        }
    }
}
