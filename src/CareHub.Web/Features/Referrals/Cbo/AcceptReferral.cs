using CareHub.Common;
using CareHub.Referrals;

namespace CareHub.Web.Features.Referrals;

/// <summary>The CBO's answer to a referral: accept (optionally with its capacity) or decline (a reason code).</summary>
public sealed record CboResponseInput(string? Reason = null, string? Note = null, int? Capacity = null);

/// <summary>The CBO accepts an authorized referral.</summary>
public sealed class AcceptReferral(ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, CboResponseInput input, CancellationToken ct = default) =>
        await writer.ChangeStatusAsync(id, ReferralStatus.Accepted, "cs-referral.accept", r =>
        {
            if (input.Capacity is < 0)
            {
                return ("capacity", "Capacity cannot be negative.");
            }

            r.ReportedCapacity = input.Capacity;
            return (null, "Accepted" + (input.Capacity is { } c ? $"; capacity now {c}" : "") + (string.IsNullOrWhiteSpace(input.Note) ? "." : $": {input.Note.Trim()}"));
        }, ct);
}
