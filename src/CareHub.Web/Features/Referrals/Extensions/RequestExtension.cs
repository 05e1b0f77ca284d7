using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

public sealed record ExtensionInput(DateOnly? RequestedEnd, decimal? RequestedQuantity, decimal? RequestedAmount, string? Reason);

/// <summary>The plan, the referrer or the provider asks the plan to extend an authorization in use.</summary>
public sealed class RequestExtension(CareHubDbContext db, ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, ExtensionInput input, CancellationToken ct = default)
    {
        var r = await writer.FindAsync(id, ct);
        if (r is null)
        {
            return ReferralWriter.NotVisible(id);
        }

        if (writer.Actor(r) == ReferralActor.None)
        {
            return Outcome<ReferralDetail>.Forbidden("Only the plan, the referrer or the provider can ask for an extension.");
        }

        if (r.Status is not (ReferralStatus.Accepted or ReferralStatus.Scheduled or ReferralStatus.InService))
        {
            return Outcome<ReferralDetail>.Conflict($"An extension is for an authorization in use; the referral is {r.Status.ToCode()}.");
        }

        if (await db.Set<ExtensionRequest>().AnyAsync(e => e.ReferralId == id && e.Status == "pending", ct))
        {
            return Outcome<ReferralDetail>.Conflict("An extension request is already waiting for the plan's decision.");
        }

        var last = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.ReferralId == id).OrderByDescending(a => a.End).FirstOrDefaultAsync(ct);
        if (input.RequestedEnd is not { } requestedEnd)
        {
            return Outcome<ReferralDetail>.Invalid("requestedEnd", "Give the new end date.");
        }

        if (last is not null && requestedEnd <= last.End)
        {
            return Outcome<ReferralDetail>.Invalid("requestedEnd", $"The new end date must be after the current authorization's end, {last.End:yyyy-MM-dd}.");
        }

        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            return Outcome<ReferralDetail>.Invalid("reason", "Say why the extension is needed.");
        }

        db.Add(new ExtensionRequest
        {
            MemberId = r.MemberId,
            ReferralId = r.Id,
            RequestedEnd = requestedEnd,
            RequestedQuantity = input.RequestedQuantity,
            RequestedAmount = input.RequestedAmount,
            Reason = input.Reason.Trim(),
            RequestedAt = writer.Now,
            RequestedBy = writer.Scope.UserName,
            RequestedByOrganizationId = writer.Scope.OrganizationId,
        });
        r.UpdatedAt = writer.Now;
        writer.Audit("cs-referral.extension-request", r, $"/api/referrals/{r.Id}/extensions", $"to {requestedEnd:yyyy-MM-dd}: {input.Reason.Trim()}");
        return await writer.SaveAsync(r, OutcomeKind.Created, ct);
    }
}
