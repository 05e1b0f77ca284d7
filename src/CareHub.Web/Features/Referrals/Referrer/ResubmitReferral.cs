using CareHub.Common;
using CareHub.Referrals;

namespace CareHub.Web.Features.Referrals;

public sealed record ResubmitInput(string? Information);

/// <summary>The referrer (or plan) sends the information a pended referral waited for.</summary>
public sealed class ResubmitReferral(ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, ResubmitInput input, CancellationToken ct = default) =>
        await writer.ChangeStatusAsync(id, ReferralStatus.Submitted, "cs-referral.resubmit", r =>
        {
            if (string.IsNullOrWhiteSpace(input.Information))
            {
                return ("information", "Describe the information you are adding.");
            }

            r.Needs = string.IsNullOrWhiteSpace(r.Needs) ? input.Information.Trim() : $"{r.Needs}\n{input.Information.Trim()}";
            return (null, $"More information: {input.Information.Trim()}");
        }, ct);
}
