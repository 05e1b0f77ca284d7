using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

public sealed record AcceptanceRequest(bool? Accepted, string? Reason);

/// <summary>The assigned ECM provider accepts the case (outreach starts) or declines it with a reason (the case goes
/// back to the plan for reassignment and the provider's access ends).</summary>
public sealed class RespondToAssignment(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, AcceptanceRequest request, CancellationToken ct = default)
    {
        if (request.Accepted is not { } accepted)
        {
            return Outcome<CaseRef>.Invalid("accepted", "accepted is required: true to accept the assignment, false to decline it.");
        }

        if (!accepted && string.IsNullOrWhiteSpace(request.Reason))
        {
            return Outcome<CaseRef>.Invalid("reason", "reason is required when declining an assignment.");
        }

        return await writer.ChangeAsync(caseId, accepted ? EcmStateMachine.Accept : EcmStateMachine.Decline, async c =>
        {
            var providerName = await db.Organizations.Where(o => o.Id == c.ProviderId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            await writer.CompleteTasksAsync(c, [EcmTaskKind.Assignment], ct);
            if (accepted)
            {
                writer.SetStatus(c, EcmStatus.Accepted, $"Accepted by {providerName}" + (EcmWriter.Clean(request.Reason) is { } note ? ": " + note : ""));
                writer.AddTask(c, c.ProviderId!.Value, EcmTaskKind.Outreach, "First outreach attempt (in person when possible)", EcmTaskSchedule.NextOutreach(writer.Today));
                writer.Audit(EcmAuditActions.Accept, c.MemberId, "ecm_cases/" + c.Id, null);
            }
            else
            {
                var reason = request.Reason!.Trim();
                await writer.RevokeAsync(c, ct);
                await writer.CompleteTasksAsync(c, null, ct, onlyOrganization: c.ProviderId, completedBy: "declined");
                c.ProviderId = null;
                c.AssignedAt = null;
                writer.SetStatus(c, EcmStatus.Authorized, $"Declined by {providerName}: {reason}");
                writer.AddTask(c, c.PlanId, EcmTaskKind.Assignment, $"Reassign: {providerName} declined ({reason})", EcmTaskSchedule.Reassignment(writer.Today));
                writer.Audit(EcmAuditActions.Decline, c.MemberId, "ecm_cases/" + c.Id, "reason=" + request.Reason);
            }

            return null;
        }, ct);
    }
}
