using CareHub.Common;
using CareHub.Referrals;

namespace CareHub.Web.Features.Referrals;

public sealed record CancelInput(string? Reason);

/// <summary>The referrer or the plan withdraws a referral; the CBO no longer sees the member through it.</summary>
public sealed class CancelReferral(ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, CancelInput input, CancellationToken ct = default) =>
        await writer.ChangeStatusAsync(id, ReferralStatus.Cancelled, "cs-referral.cancel", r =>
        {
            if (string.IsNullOrWhiteSpace(input.Reason))
            {
                return ("reason", "Say why the referral is cancelled.");
            }

            r.OutcomeNote = input.Reason.Trim();
            r.ClosedAt = writer.Now;
            return (null, $"Cancelled: {input.Reason.Trim()}");
        }, ct, revokeCbo: true);
}
