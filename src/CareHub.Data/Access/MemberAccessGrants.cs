using CareHub.Members;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Access;

/// <summary>
/// The one place that opens and closes an organization's access to a member (<see cref="MemberAccessGrant"/>). Changes
/// are added to the context and saved with the change that caused them.
/// </summary>
public sealed class MemberAccessGrants(CareHubDbContext db, TimeProvider clock)
{
    /// <summary>Why a CBO or referrer sees a member: a Community Supports referral.</summary>
    public const string Referral = "cs-referral";

    /// <summary>Why an ECM provider sees a member: an ECM assignment.</summary>
    public const string EcmAssignment = "ecm-assignment";

    /// <summary>Opens the member to <paramref name="organizationId"/> because of <paramref name="sourceId"/>.</summary>
    public MemberAccessGrant Grant(Guid memberId, Guid organizationId, string reason, Guid sourceId)
    {
        var grant = new MemberAccessGrant
        {
            MemberId = memberId,
            OrganizationId = organizationId,
            Reason = reason,
            SourceId = sourceId,
            GrantedAt = clock.GetUtcNow(),
        };
        db.MemberAccessGrants.Add(grant);
        return grant;
    }

    /// <summary>Closes the open grants <paramref name="sourceId"/> gave (to one organization, or to all when null).</summary>
    public async Task RevokeAsync(Guid sourceId, string reason, Guid? organizationId, CancellationToken ct)
    {
        var open = await db.MemberAccessGrants
            .Where(g => g.SourceId == sourceId && g.Reason == reason && g.RevokedAt == null && (organizationId == null || g.OrganizationId == organizationId))
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var g in open)
        {
            g.RevokedAt = now;
        }
    }
}
