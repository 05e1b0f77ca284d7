using CareHub.Common;
using CareHub.Referrals;

namespace CareHub.Web.Features.Referrals;

public sealed record ScheduleInput(DateTimeOffset? At, string? Note);

/// <summary>The CBO schedules the first service (or moves the appointment).</summary>
public sealed class ScheduleReferral(ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, ScheduleInput input, CancellationToken ct = default) =>
        await writer.ChangeStatusAsync(id, ReferralStatus.Scheduled, "cs-referral.schedule", r =>
        {
            if (input.At is null)
            {
                return ("at", "Give the date and time of the first service.");
            }

            r.ScheduledFor = input.At.Value.ToUniversalTime();
            r.ScheduleNote = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            return (null, $"Scheduled for {r.ScheduledFor:yyyy-MM-dd HH:mm} UTC" + (string.IsNullOrWhiteSpace(input.Note) ? "." : $": {input.Note.Trim()}"));
        }, ct);
}
