using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

public sealed record AssignmentRequest(Guid? ProviderId);

/// <summary>The plan assigns an authorized case to an ECM provider, or reassigns it (the previous provider's access
/// and open tasks end; the history keeps both).</summary>
public sealed class AssignEcmProvider(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, AssignmentRequest request, CancellationToken ct = default)
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

        return await writer.ChangeAsync(caseId, EcmStateMachine.Assign, async c =>
        {
            if (c.ProviderId == providerId)
            {
                return $"The case is '{c.Status.ToCode()}' and already assigned to {provider.Name}.";
            }

            var previous = c.ProviderId is { } old ? await db.Organizations.Where(o => o.Id == old).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
            await writer.RevokeAsync(c, ct);
            if (c.ProviderId is { } oldProvider)
            {
                await writer.CompleteTasksAsync(c, null, ct, onlyOrganization: oldProvider, completedBy: "reassigned");
            }

            writer.Grant(c, providerId);
            c.ProviderId = providerId;
            c.AssignedAt = writer.Now;
            c.LeadCareManager = null;
            writer.SetStatus(c, EcmStatus.Assigned, previous is null ? $"Assigned to {provider.Name}" : $"Reassigned from {previous} to {provider.Name}");
            await writer.CompleteTasksAsync(c, [EcmTaskKind.Assignment], ct, onlyOrganization: c.PlanId);
            writer.AddTask(c, providerId, EcmTaskKind.Assignment, "Accept or decline the ECM assignment", EcmTaskSchedule.Acceptance(writer.Today));
            writer.Audit(EcmAuditActions.Assign, c.MemberId, "ecm_cases/" + c.Id, $"provider={provider.Name}" + (previous is null ? "" : $"; previous={previous}"));
            return null;
        }, ct);
    }
}
