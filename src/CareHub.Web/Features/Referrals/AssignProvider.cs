using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// The referrer or the plan names the Community Supports provider (CBO) of a referral that has none yet (FHIR: a
/// Task created with an owner). Naming the same provider again changes nothing; another one is a conflict (the plan
/// changes providers through its decision).
/// </summary>
public sealed class AssignProvider(CareHubDbContext db, ReferralWriter writer)
{
    /// <summary>The input field the provider is named in, for error messages.</summary>
    public const string Field = "cboId";

    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, Guid cboId, string target, CancellationToken ct = default)
    {
        var r = await writer.FindAsync(id, ct);
        if (r is null)
        {
            return ReferralWriter.NotVisible(id);
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == cboId && o.Type == OrganizationType.Cbo, ct))
        {
            return Outcome<ReferralDetail>.Refused([$"{cboId} is not a Community Supports provider (CBO) in the directory."], Field);
        }

        if (r.CboId == cboId)
        {
            return await writer.SaveAsync(r, OutcomeKind.Ok, ct);
        }

        if (r.CboId is { } current)
        {
            return Outcome<ReferralDetail>.Conflict($"The referral is already with Organization/{current}.");
        }

        var actor = writer.Actor(r);
        if (!actor.HasFlag(ReferralActor.Referrer) && !actor.HasFlag(ReferralActor.Plan))
        {
            return Outcome<ReferralDetail>.Forbidden("Only the referrer or the plan names the provider.");
        }

        r.CboId = cboId;
        writer.Grant(r, cboId);
        var note = $"Provider named: Organization/{cboId}.";
        await writer.RecordNoteAsync(r, note, ct);
        writer.Audit("cs-referral.assign", r, target, $"owner Organization/{cboId}");
        return await writer.SaveAsync(r, OutcomeKind.Ok, ct);
    }
}
