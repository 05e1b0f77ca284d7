using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

public sealed record WorkspacePlan(Guid Id, string Name);

public sealed record WorkspaceCase(Guid Id, Guid PlanId, string PlanName, Guid MemberId, string MemberName, string Status, DateTimeOffset StatusChangedAt);

public sealed record WorkspaceReferral(Guid Id, Guid PlanId, string PlanName, Guid MemberId, string MemberName, string CommunitySupport, string Status, DateTimeOffset StatusChangedAt);

public sealed record WorkspaceAuthorization(Guid Id, Guid ReferralId, Guid PlanId, string PlanName, Guid MemberId, string MemberName, string CommunitySupport, DateOnly Start, DateOnly End);

public sealed record WorkspaceView(
    IReadOnlyList<WorkspacePlan> Plans, Guid? PlanFilter, IReadOnlyList<WorkspaceCase> EcmCases, IReadOnlyList<WorkspaceReferral> Referrals,
    IReadOnlyList<WorkspaceAuthorization> Authorizations, IReadOnlyList<ApplicationSummary> Applications, IReadOnlyList<ContractView> Contracts);

/// <summary>
/// One workspace across plans for an ECM provider or CBO: every plan's ECM cases assigned to it, referrals and
/// authorizations for it, its applications and contracts, with a plan filter. Members appear only through the
/// provider's own grants (the data layer's filters), and each member shown is audited.
/// </summary>
public sealed class ProviderWorkspace(CareHubDbContext db, AuditTrail audit, ApplicationQueries applications, ProviderContracts contracts)
{
    public const int MaxRows = 200;

    public async Task<WorkspaceView> BuildAsync(Guid? planFilter, CancellationToken ct)
    {
        var org = db.Scope.OrganizationId!.Value;
        var cases = await db.Set<EcmCase>().AsNoTracking().Where(c => c.ProviderId == org && (planFilter == null || c.PlanId == planFilter))
            .OrderByDescending(c => c.StatusChangedAt).Take(MaxRows)
            .Join(db.Members, c => c.MemberId, m => m.Id, (c, m) => new { c.Id, c.PlanId, c.MemberId, m.FirstName, m.LastName, c.Status, c.StatusChangedAt }).ToListAsync(ct);
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.CboId == org && (planFilter == null || r.PlanId == planFilter))
            .OrderByDescending(r => r.StatusChangedAt).Take(MaxRows)
            .Join(db.Members, r => r.MemberId, m => m.Id, (r, m) => new { r.Id, r.PlanId, r.MemberId, m.FirstName, m.LastName, r.CommunitySupportCode, r.Status, r.StatusChangedAt }).ToListAsync(ct);
        var referralIds = await db.Referrals.AsNoTracking().Where(r => r.CboId == org).Select(r => r.Id).ToListAsync(ct);
        var auths = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.ReferralId != null && referralIds.Contains(a.ReferralId.Value) && (planFilter == null || a.PlanId == planFilter))
            .OrderByDescending(a => a.Start).Take(MaxRows)
            .Join(db.Members, a => a.MemberId, m => m.Id, (a, m) => new { a.Id, ReferralId = a.ReferralId!.Value, a.PlanId, a.MemberId, m.FirstName, m.LastName, a.CommunitySupportCode, a.Start, a.End }).ToListAsync(ct);
        var apps = await applications.ListAsync(planFilter, ct);
        var contractList = await contracts.ListAsync(planFilter, ct);

        var planIds = await db.Set<EcmCase>().AsNoTracking().Where(c => c.ProviderId == org).Select(c => c.PlanId)
            .Concat(db.Referrals.AsNoTracking().Where(r => r.CboId == org).Select(r => r.PlanId)).Distinct().ToListAsync(ct);
        planIds = [.. planIds.Concat(apps.Select(a => a.PlanId)).Concat(contractList.Select(c => c.PlanId)).Distinct()];
        var plans = await db.Organizations.AsNoTracking().Where(o => planIds.Contains(o.Id) && o.Type == OrganizationType.Plan).OrderBy(o => o.Name).Select(o => new WorkspacePlan(o.Id, o.Name)).ToListAsync(ct);
        string Plan(Guid id) => plans.FirstOrDefault(p => p.Id == id)?.Name ?? "";

        foreach (var memberId in cases.Select(c => c.MemberId).Concat(referrals.Select(r => r.MemberId)).Concat(auths.Select(a => a.MemberId)).Distinct())
        {
            audit.Add("network-workspace.list", memberId, "/network/workspace");
        }

        await db.SaveChangesAsync(ct);
        return new WorkspaceView(plans, planFilter,
            [.. cases.Select(c => new WorkspaceCase(c.Id, c.PlanId, Plan(c.PlanId), c.MemberId, c.FirstName + " " + c.LastName, c.Status.ToCode(), c.StatusChangedAt))],
            [.. referrals.Select(r => new WorkspaceReferral(r.Id, r.PlanId, Plan(r.PlanId), r.MemberId, r.FirstName + " " + r.LastName, r.CommunitySupportCode, r.Status.ToCode(), r.StatusChangedAt))],
            [.. auths.Select(a => new WorkspaceAuthorization(a.Id, a.ReferralId, a.PlanId, Plan(a.PlanId), a.MemberId, a.FirstName + " " + a.LastName, a.CommunitySupportCode, a.Start, a.End))],
            apps, contractList);
    }
}
