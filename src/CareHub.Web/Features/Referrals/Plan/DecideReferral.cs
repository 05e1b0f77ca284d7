using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>The plan's decision: <c>approve</c> (dates, units, amount, CBO), <c>deny</c> (reason and member notice)
/// or <c>pend</c> (what information is missing). "approved", "denied" and "pended" are read the same way.
/// Approving above a limit needs <see cref="LimitException"/> (the documented exception's code, or
/// <c>unconfirmed-limit</c>) and <see cref="ExceptionReason"/>.</summary>
public sealed record DecisionInput(
    string? Decision,
    DateOnly? Start = null,
    DateOnly? End = null,
    decimal? Quantity = null,
    decimal? Amount = null,
    Guid? CboId = null,
    string? Reason = null,
    string? MemberNotice = null,
    string? LimitException = null,
    string? ExceptionReason = null);

/// <summary>The plan authorizes, denies or pends a referral; approving measures the limits again, writes the
/// authorization and opens the member to the CBO.</summary>
public sealed class DecideReferral(CareHubDbContext db, ProgramCatalog catalog, ReferralWriter writer, CheckReferral checks)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, DecisionInput input, CancellationToken ct = default)
    {
        var r = await writer.FindAsync(id, ct);
        if (r is null)
        {
            return ReferralWriter.NotVisible(id);
        }

        if (!Decisions.TryParse(input.Decision, out var decision))
        {
            return Outcome<ReferralDetail>.Invalid("decision", $"The decision is 'approve', 'deny' or 'pend', not '{input.Decision}'.");
        }

        var target = decision switch
        {
            Decision.Approve => ReferralStatus.Approved,
            Decision.Deny => ReferralStatus.Denied,
            _ => ReferralStatus.Pended,
        };

        if (writer.Refusal(r, target) is { } refusal)
        {
            return refusal;
        }

        var now = writer.Now;
        string note;
        switch (target)
        {
            case ReferralStatus.Approved:
                {
                    var start = input.Start ?? r.RequestedStart;
                    var end = input.End ?? r.RequestedEnd;
                    var quantity = input.Quantity ?? r.RequestedQuantity;
                    var amount = input.Amount ?? r.RequestedAmount;
                    var cbo = input.CboId ?? r.CboId;
                    if (end < start)
                    {
                        return Outcome<ReferralDetail>.Invalid("end", $"The end date {end:yyyy-MM-dd} is before the start date {start:yyyy-MM-dd}.");
                    }

                    if (cbo is null)
                    {
                        return Outcome<ReferralDetail>.Invalid("cboId", "Choose the Community Supports provider (cboId) who will deliver the service.");
                    }

                    if (!await db.Organizations.AnyAsync(o => o.Id == cbo && o.Type == OrganizationType.Cbo, ct))
                    {
                        return Outcome<ReferralDetail>.Invalid("cboId", $"{cbo} is not a Community Supports provider (CBO) in the directory.");
                    }

                    var member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == r.MemberId, ct);
                    // Sending a declined referral to another provider replaces its authorization (nothing was delivered).
                    var reassigning = r.Status == ReferralStatus.Declined;
                    var check = await checks.ForMemberAsync(member, r.CommunitySupportCode, start, end, quantity, amount, ReferralQueries.Attested(r), r.Id.ToString(), r.PlanId, ct,
                        reassigning ? r.Id : null);
                    var (approval, limitError) = LimitApprovals.Decide(check.Limits, input.LimitException, input.ExceptionReason);
                    if (limitError is not null)
                    {
                        return limitError.Field == "limits" ? Outcome<ReferralDetail>.Refused(check.Limits.Refusals) : Outcome<ReferralDetail>.Invalid(limitError.Field, limitError.Message);
                    }

                    if (reassigning)
                    {
                        if (r.CboId == cbo)
                        {
                            return Outcome<ReferralDetail>.Invalid("cboId", "The provider declined this referral; choose another one.");
                        }

                        db.ServiceAuthorizations.RemoveRange(await db.ServiceAuthorizations.Where(a => a.ReferralId == r.Id).ToListAsync(ct));
                    }

                    var service = catalog.CommunitySupportOn(r.CommunitySupportCode, start);
                    db.ServiceAuthorizations.Add(new ServiceAuthorization
                    {
                        MemberId = r.MemberId,
                        ReferralId = r.Id,
                        PlanId = r.PlanId,
                        County = r.County,
                        CommunitySupportCode = r.CommunitySupportCode,
                        Kind = "initial",
                        Start = start,
                        End = end,
                        Quantity = quantity,
                        QuantityUnit = service is null ? null : LimitEngine.QuantityUnit(service.Version),
                        Amount = amount,
                        AuthorizedAt = now,
                        AuthorizedBy = writer.Scope.UserName,
                        LimitException = approval?.ExceptionCode,
                        LimitExceptionReason = approval?.Reason,
                        LimitExceptionLimits = approval?.Limits,
                    });
                    if (cbo != r.CboId)
                    {
                        if (r.CboId is { } previous)
                        {
                            await writer.RevokeAsync(r, previous, ct);
                        }

                        r.CboId = cbo;
                        writer.Grant(r, cbo.Value);
                    }

                    note = $"Approved {start:yyyy-MM-dd} to {end:yyyy-MM-dd}" + (quantity is { } q ? $", {LimitEngine.Format(q)} {check.QuantityUnit}" : "")
                        + (amount is { } a ? $", ${LimitEngine.Format(a)}" : "") + "." + (approval is null ? "" : $" {approval.Note}");
                    break;
                }

            case ReferralStatus.Denied:
                if (string.IsNullOrWhiteSpace(input.Reason))
                {
                    return Outcome<ReferralDetail>.Invalid("reason", "Give the reason for the denial.");
                }

                if (string.IsNullOrWhiteSpace(input.MemberNotice))
                {
                    return Outcome<ReferralDetail>.Invalid("memberNotice", "Write the notice the member receives (what was denied, why, and how to appeal).");
                }

                r.DenialReason = input.Reason.Trim();
                r.MemberNotice = input.MemberNotice.Trim();
                note = $"Denied: {r.DenialReason}";
                break;

            default:
                if (string.IsNullOrWhiteSpace(input.Reason))
                {
                    return Outcome<ReferralDetail>.Invalid("reason", "Say what information is needed to decide.");
                }

                r.PendReason = input.Reason.Trim();
                note = $"Pended for more information: {r.PendReason}";
                break;
        }

        if (target != ReferralStatus.Pended)
        {
            r.DecidedAt = now;
            r.DecidedBy = writer.Scope.UserName;
        }

        await writer.MoveAsync(r, target, note, ct);
        writer.Audit($"cs-referral.{decision.ToVerb()}", r, $"/api/referrals/{r.Id}/decision", note);
        return await writer.SaveAsync(r, OutcomeKind.Ok, ct);
    }
}
