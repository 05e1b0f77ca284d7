using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// After the member moved to another plan or county, open referrals follow: their plan and county become the
/// member's current ones, so the new plan decides and extends them. History (authorizations, services) already
/// travels with the member; the new plan sees all of it and the limits count it.
/// </summary>
public sealed class FollowMember(CareHubDbContext db, ReferralWriter writer)
{
    public async Task<Outcome<int>> HandleAsync(Guid memberId, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return Outcome<int>.NotFound($"No member {memberId} is visible to your organization.");
        }

        if (!writer.Scope.IsUnrestricted && writer.Scope.OrganizationId != member.PlanId)
        {
            return Outcome<int>.Forbidden("Only the member's current plan moves open referrals to itself.");
        }

        var open = await db.Referrals.Where(r => r.MemberId == memberId && (r.PlanId != member.PlanId || r.County != member.County)).ToListAsync(ct);
        open = [.. open.Where(r => !r.Status.IsFinal())];
        foreach (var r in open)
        {
            var note = $"Member moved: plan and county now {member.County} County with the new plan (was {r.County}).";
            r.PlanId = member.PlanId;
            r.County = member.County;
            await writer.RecordNoteAsync(r, note, ct);
            writer.Audit("cs-referral.transfer", r, $"/api/referrals/{r.Id}", note);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(open.Count);
    }
}
