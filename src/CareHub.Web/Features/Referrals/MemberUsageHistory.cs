using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>Everything a member used, from any plan or county, as the limit engine counts it.</summary>
public sealed class MemberUsageHistory(CareHubDbContext db)
{
    /// <summary>Approved authorizations, and services delivered outside any authorization CareHub holds.</summary>
    public async Task<List<UsageRecord>> ForMemberAsync(Guid memberId, CancellationToken ct = default, Guid? excludeReferral = null)
    {
        var auths = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.MemberId == memberId && (excludeReferral == null || a.ReferralId != excludeReferral)).ToListAsync(ct);
        var history = auths.Select(a => a.ToUsage()).ToList();
        var loose = await db.Set<ServiceDelivery>().AsNoTracking().Where(d => d.MemberId == memberId && d.AuthorizationId == null)
            .Join(db.Referrals, d => d.ReferralId, r => r.Id, (d, r) => new { d, r.CommunitySupportCode, r.PlanId, r.County })
            .ToListAsync(ct);
        history.AddRange(loose.Select(x => new UsageRecord(x.CommunitySupportCode, x.d.ServiceDate, x.d.EndDate ?? x.d.ServiceDate, x.d.Quantity, x.d.Amount,
            x.d.ReferralId.ToString(), x.PlanId, x.County, "delivery")));
        return history;
    }
}
