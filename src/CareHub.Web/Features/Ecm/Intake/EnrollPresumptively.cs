using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>A presumptive enrollment by an ECM provider, for a member found by CIN and birth date.</summary>
public sealed record PresumptiveEnrollmentRequest(string? Cin, DateOnly? BirthDate, DateOnly? EnrollmentDate, DateOnly? ConsentDate = null,
    string? Reason = null, string? Population = null, string? LeadCareManager = null);

/// <summary>
/// An ECM provider enrolls a member at once where the member's plan allows presumptive authorization; the plan then
/// authorizes within its clock (<see cref="EcmPlanSettings.PresumptiveAuthorizationDays"/>) or the enrollment ends
/// (<see cref="DecideEcmAuthorization"/>, <see cref="ExpirePresumptiveEnrollments"/>). The member is found by CIN and
/// birth date together (a provider does not see the plan's members before).
/// </summary>
public sealed class EnrollPresumptively(CareHubDbContext db, EcmWriter writer, EcmLookups lookups)
{
    public async Task<Outcome<CaseRef>> HandleAsync(PresumptiveEnrollmentRequest request, CancellationToken ct = default)
    {
        if (writer.Scope.OrganizationType != OrganizationType.EcmProvider || writer.Scope.OrganizationId is not { } providerId)
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

        var population = request.Population is { Length: > 0 } pop ? lookups.Catalog.FindPopulation(pop) : null;
        if (request.Population is { Length: > 0 } code && population is null)
        {
            errors["population"] = [$"population '{code}' is not a Population of Focus in the catalog."];
        }

        foreach (var p in EcmEnrollment.Validate(request.EnrollmentDate, request.ConsentDate, DateOnly.MinValue, writer.Today))
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
        var settings = await lookups.SettingsAsync(member.PlanId, ct);
        if (PresumptiveAuthorization.CanEnroll(settings, enrolledOn) is { } refused)
        {
            return refused.Field == "presumptive" ? Outcome<CaseRef>.Conflict(refused.Message) : Outcome<CaseRef>.Invalid(refused.Field, refused.Message);
        }

        if (population is not null && EcmIntake.GoLiveProblem(population, member.County, enrolledOn) is { } notLive)
        {
            return Outcome<CaseRef>.Invalid(notLive.Field, notLive.Message);
        }

        if (await db.Set<EcmCase>().IgnoreQueryFilters().AnyAsync(c => c.OpenMemberId == member.Id, ct))
        {
            return Outcome<CaseRef>.Conflict("The member already has an open ECM case; the plan decides on it.");
        }

        var findings = await lookups.ExclusionsAsync(member.Id, enrolledOn, ct);
        if (findings.Where(f => f.Blocks).ToList() is { Count: > 0 } blocking)
        {
            return Outcome<CaseRef>.Conflict($"The member cannot be enrolled in ECM: {string.Join("; ", blocking.Select(f => f.Reason))}.");
        }

        var provider = await db.Organizations.AsNoTracking().Where(o => o.Id == providerId).Select(o => o.Name).FirstAsync(ct);
        var due = PresumptiveAuthorization.DueBy(enrolledOn, settings);
        var now = writer.Now;
        var c = new EcmCase
        {
            MemberId = member.Id,
            PlanId = member.PlanId,
            OpenMemberId = member.Id,
            Source = EcmSource.EcmProvider,
            Reason = EcmWriter.Clean(request.Reason),
            Population = EcmWriter.Clean(request.Population),
            ReferrerOrganization = provider,
            ReferredAt = now,
            ReferredBy = writer.Actor,
            DecisionDueBy = due,
            StatusChangedAt = now,
            Presumptive = true,
            PresumptiveDueBy = due,
            ProviderId = providerId,
            AssignedAt = now,
            EnrollmentDate = enrolledOn,
            ConsentDate = request.ConsentDate,
            EnrolledAt = now,
            LeadCareManager = EcmWriter.Clean(request.LeadCareManager) ?? writer.Actor,
        };
        writer.Add(c);
        writer.Grant(c, providerId);
        writer.SetStatus(c, EcmStatus.Enrolled, $"Enrolled presumptively on {enrolledOn:yyyy-MM-dd} by {provider}; the plan authorizes by {due:yyyy-MM-dd} or the enrollment ends.");
        writer.AddTask(c, c.PlanId, EcmTaskKind.AuthorizationDecision, $"Authorize the presumptive ECM enrollment by {provider} (or it ends)", due);
        writer.AddTask(c, providerId, EcmTaskKind.Assessment, "Complete the comprehensive assessment", EcmTaskSchedule.Assessment(writer.Today));
        writer.Audit(EcmAuditActions.Enroll, member.Id, "ecm_cases/" + c.Id, $"presumptive; enrollmentDate={enrolledOn:yyyy-MM-dd}; dueBy={due:yyyy-MM-dd}");
        await writer.SaveAsync(ct);
        return Outcome<CaseRef>.Created(new CaseRef(c.Id, c.Status));
    }
}
