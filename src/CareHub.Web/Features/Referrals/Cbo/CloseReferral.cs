using CareHub.Common;
using CareHub.Referrals;

namespace CareHub.Web.Features.Referrals;

public sealed record CloseInput(string? Outcome, string? Note);

/// <summary>The CBO closes the loop with an outcome the referrer sees.</summary>
public sealed class CloseReferral(ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, CloseInput input, CancellationToken ct = default) =>
        await writer.ChangeStatusAsync(id, ReferralStatus.Closed, "cs-referral.close", r =>
        {
            var outcome = input.Outcome?.Trim().ToLowerInvariant();
            if (outcome is null || !ReferralOutcomes.All.ContainsKey(outcome))
            {
                return ("outcome", $"Choose the outcome: {string.Join(", ", ReferralOutcomes.All.Keys)}.");
            }

            if (outcome == "other" && string.IsNullOrWhiteSpace(input.Note))
            {
                return ("note", "Describe the outcome in the note.");
            }

            r.Outcome = outcome;
            r.OutcomeNote = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            r.ClosedAt = writer.Now;
            return (null, $"Closed: {ReferralOutcomes.All[outcome]}" + (string.IsNullOrWhiteSpace(input.Note) ? "." : $" — {input.Note.Trim()}"));
        }, ct);
}
