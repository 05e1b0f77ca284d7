using CareHub.Common;
using CareHub.Referrals;

namespace CareHub.Web.Features.Referrals;

/// <summary>The CBO declines a referral with a reason; it no longer sees the member through it, and the plan may send
/// it to another provider.</summary>
public sealed class DeclineReferral(ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, CboResponseInput input, CancellationToken ct = default) =>
        await writer.ChangeStatusAsync(id, ReferralStatus.Declined, "cs-referral.decline", r =>
        {
            var reason = input.Reason?.Trim().ToLowerInvariant();
            if (reason is null || !DeclineReasons.All.ContainsKey(reason))
            {
                return ("reason", $"Choose why you decline: {string.Join(", ", DeclineReasons.All.Keys)}.");
            }

            if (reason == "other" && string.IsNullOrWhiteSpace(input.Note))
            {
                return ("note", "Explain the reason in the note.");
            }

            r.DeclineReason = reason;
            r.DeclineNote = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            r.ReportedCapacity = input.Capacity;
            return (null, $"Declined: {DeclineReasons.All[reason]}" + (string.IsNullOrWhiteSpace(input.Note) ? "" : $" — {input.Note.Trim()}"));
        }, ct, revokeCbo: true);
}
