using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>The plan's decision on an extension: "approve"/"approved" or "deny"/"denied" (with a note).</summary>
/// <summary>Approving an extension above a limit needs <see cref="LimitException"/>; <see cref="Note"/> is then the reason.</summary>
public sealed record ExtensionDecisionInput(string? Decision, string? Note, string? LimitException = null);

/// <summary>The plan approves an extension (a new authorization from the day after the last one ends, within the
/// limits) or denies it.</summary>
public sealed class DecideExtension(CareHubDbContext db, ReferralWriter writer, CheckReferral checks)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, Guid extensionId, ExtensionDecisionInput input, CancellationToken ct = default)
    {
        var r = await writer.FindAsync(id, ct);
        var ext = await db.Set<ExtensionRequest>().FirstOrDefaultAsync(e => e.Id == extensionId && e.ReferralId == id, ct);
        if (r is null || ext is null)
        {
            return Outcome<ReferralDetail>.NotFound($"No extension request {extensionId} on a referral visible to your organization.");
        }

        if (!writer.Actor(r).HasFlag(ReferralActor.Plan))
        {
            return Outcome<ReferralDetail>.Forbidden("Only the member's plan decides extensions.");
        }

        if (ext.Status != "pending")
        {
            return Outcome<ReferralDetail>.Conflict($"The extension request was already {ext.Status}.");
        }

        if (!Decisions.TryParse(input.Decision, out var decision) || decision == Decision.Pend)
        {
            return Outcome<ReferralDetail>.Invalid("decision", $"The decision is 'approve' or 'deny', not '{input.Decision}'.");
        }

        var now = writer.Now;
        string? exceptionNote = null;
        if (decision == Decision.Deny)
        {
            if (string.IsNullOrWhiteSpace(input.Note))
            {
                return Outcome<ReferralDetail>.Invalid("note", "Give the reason for denying the extension.");
            }

            ext.Status = Decision.Deny.ToPastParticiple();
        }
        else
        {
            var last = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.ReferralId == id).OrderByDescending(a => a.End).FirstOrDefaultAsync(ct);
            var start = ReferralRules.ExtensionStart(r.RequestedStart, last?.End);
            var member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == r.MemberId, ct);
            var check = await checks.ForMemberAsync(member, r.CommunitySupportCode, start, ext.RequestedEnd, ext.RequestedQuantity, ext.RequestedAmount, ReferralQueries.Attested(r), r.Id.ToString(), r.PlanId, ct);
            var (approval, limitError) = LimitApprovals.Decide(check.Limits, input.LimitException, input.Note);
            if (limitError is not null)
            {
                return limitError.Field == "limits" ? Outcome<ReferralDetail>.Refused(check.Limits.Refusals)
                    : Outcome<ReferralDetail>.Invalid(limitError.Field == "exceptionReason" ? "note" : limitError.Field, limitError.Message);
            }

            var auth = new ServiceAuthorization
            {
                MemberId = r.MemberId,
                ReferralId = r.Id,
                PlanId = r.PlanId,
                County = r.County,
                CommunitySupportCode = r.CommunitySupportCode,
                Kind = "extension",
                Start = start,
                End = ext.RequestedEnd,
                Quantity = ext.RequestedQuantity,
                QuantityUnit = check.QuantityUnit,
                Amount = ext.RequestedAmount,
                AuthorizedAt = now,
                AuthorizedBy = writer.Scope.UserName,
                LimitException = approval?.ExceptionCode,
                LimitExceptionReason = approval?.Reason,
                LimitExceptionLimits = approval?.Limits,
            };
            exceptionNote = approval?.Note;
            db.ServiceAuthorizations.Add(auth);
            ext.Status = Decision.Approve.ToPastParticiple();
            ext.AuthorizationId = auth.Id;
        }

        ext.DecidedAt = now;
        ext.DecidedBy = writer.Scope.UserName;
        ext.DecisionNote = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        var note = $"Extension to {ext.RequestedEnd:yyyy-MM-dd} {ext.Status}" + (exceptionNote is not null ? $". {exceptionNote}" : string.IsNullOrWhiteSpace(input.Note) ? "." : $": {input.Note.Trim()}");
        await writer.RecordNoteAsync(r, note, ct);
        writer.Audit("cs-referral.extension-decide", r, $"/api/referrals/{r.Id}/extensions/{ext.Id}", note);
        return await writer.SaveAsync(r, OutcomeKind.Ok, ct);
    }
}
