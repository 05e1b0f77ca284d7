using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>The assigned provider removes someone from the care team (they stay in the history).</summary>
public sealed class RemoveCareTeamMember(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, Guid teamMemberId, CancellationToken ct = default) =>
        await writer.ChangeAsync(caseId, EcmStateMachine.Document, async c =>
        {
            var person = await db.Set<CareTeamMember>().FirstOrDefaultAsync(t => t.Id == teamMemberId && t.CaseId == c.Id && t.RemovedAt == null, ct);
            if (person is null)
            {
                return "That person is not on the case's care team.";
            }

            person.RemovedAt = writer.Now;
            writer.AddEvent(c, EcmEventKind.CareTeam, $"Care team: removed {person.Name} ({person.Role})");
            writer.Audit(EcmAuditActions.CareTeam, c.MemberId, "ecm_cases/" + c.Id, "remove " + person.Name);
            return null;
        }, ct, touchRevision: false);
}
