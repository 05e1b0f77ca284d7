using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

public sealed record CareTeamRequest(string? Name, string? Role, string? Organization, string? Contact, bool Internal, bool LeadCareManager);

/// <summary>The assigned provider adds someone to the member's care team (a new Lead Care Manager replaces the
/// previous one).</summary>
public sealed class AddCareTeamMember(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, CareTeamRequest request, CancellationToken ct = default)
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

        var name = request.Name!.Trim();
        var role = request.Role!.Trim();
        return await writer.ChangeAsync(caseId, EcmStateMachine.Document, async c =>
        {
            if (request.LeadCareManager)
            {
                foreach (var lead in await db.Set<CareTeamMember>().Where(t => t.CaseId == c.Id && t.IsLeadCareManager && t.RemovedAt == null).ToListAsync(ct))
                {
                    lead.IsLeadCareManager = false;
                }

                c.LeadCareManager = name;
            }

            db.Add(new CareTeamMember
            {
                CaseId = c.Id,
                MemberId = c.MemberId,
                Name = name,
                Role = role,
                Organization = EcmWriter.Clean(request.Organization),
                Contact = EcmWriter.Clean(request.Contact),
                IsInternal = request.Internal,
                IsLeadCareManager = request.LeadCareManager,
                AddedAt = writer.Now,
            });
            writer.AddEvent(c, EcmEventKind.CareTeam, $"Care team: added {name} ({role}{(request.Internal ? ", internal" : ", external")}{(request.LeadCareManager ? ", Lead Care Manager" : "")})");
            writer.Audit(EcmAuditActions.CareTeam, c.MemberId, "ecm_cases/" + c.Id, "add " + request.Name);
            return null;
        }, ct, touchRevision: request.LeadCareManager);
    }
}
