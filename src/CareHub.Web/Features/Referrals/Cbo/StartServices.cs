using CareHub.Common;
using CareHub.Referrals;

namespace CareHub.Web.Features.Referrals;

/// <summary>The CBO starts delivering (FHIR Task in-progress) without recording a service yet.</summary>
public sealed class StartServices(ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, string? note, CancellationToken ct = default) =>
        await writer.ChangeStatusAsync(id, ReferralStatus.InService, "cs-referral.start", _ => (null, "Services started" + (string.IsNullOrWhiteSpace(note) ? "." : $": {note.Trim()}")), ct);
}
