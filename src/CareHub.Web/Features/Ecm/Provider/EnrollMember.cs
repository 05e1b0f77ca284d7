using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;

namespace CareHub.Web.Features.Ecm;

/// <summary>Enrollment: the date is required; the consent date only when the member gave one.</summary>
public sealed record EnrollmentRequest(DateOnly? EnrollmentDate, DateOnly? ConsentDate = null, string? LeadCareManager = null);

/// <summary>The assigned provider enrolls a member reached in outreach: the Lead Care Manager joins the care team and
/// the assessment and care plan go on the provider's worklist.</summary>
public sealed class EnrollMember(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, EnrollmentRequest request, CancellationToken ct = default)
    {
        if (EcmEnrollment.Validate(request.EnrollmentDate, request.ConsentDate, DateOnly.MinValue, writer.Today) is { Count: > 0 } invalid)
        {
            return Outcome<CaseRef>.Invalid(invalid.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        }

        var enrolledOn = request.EnrollmentDate!.Value;
        var consent = request.ConsentDate;
        return await writer.ChangeAsync(caseId, EcmStateMachine.Enroll, async c =>
        {
            if (EcmEnrollment.Validate(enrolledOn, consent, DateOnly.FromDateTime(c.ReferredAt.UtcDateTime), writer.Today) is { Count: > 0 } late)
            {
                return string.Join(" ", late.Select(p => p.Message));
            }

            c.ConsentDate = consent;
            c.EnrollmentDate = enrolledOn;
            c.EnrolledAt = writer.Now;
            c.LeadCareManager = EcmWriter.Clean(request.LeadCareManager) ?? writer.Actor;
            writer.SetStatus(c, EcmStatus.Enrolled, $"Enrolled on {enrolledOn:yyyy-MM-dd}; {(consent is { } given ? $"consent {given:yyyy-MM-dd}" : "no consent date recorded")}; Lead Care Manager {c.LeadCareManager}");
            await writer.CompleteTasksAsync(c, [EcmTaskKind.Outreach, EcmTaskKind.FollowUp], ct);
            if (c.LeadCareManager is { } lead)
            {
                db.Add(new CareTeamMember { CaseId = c.Id, MemberId = c.MemberId, Name = lead, Role = "Lead Care Manager", IsInternal = true, IsLeadCareManager = true, AddedAt = writer.Now });
            }

            writer.AddTask(c, c.ProviderId!.Value, EcmTaskKind.Assessment, "Complete the comprehensive assessment", EcmTaskSchedule.Assessment(writer.Today));
            writer.AddTask(c, c.ProviderId!.Value, EcmTaskKind.CarePlan, "Write the care plan with the member", EcmTaskSchedule.CarePlan(writer.Today));
            writer.Audit(EcmAuditActions.Enroll, c.MemberId, "ecm_cases/" + c.Id, $"enrollmentDate={enrolledOn:yyyy-MM-dd}; consentDate={consent:yyyy-MM-dd}");
            return null;
        }, ct);
    }
}
