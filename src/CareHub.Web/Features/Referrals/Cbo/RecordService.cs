using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

public sealed record ServiceInput(DateOnly? ServiceDate, DateOnly? EndDate, decimal? Quantity, decimal? Amount, string? Note);

/// <summary>Records a service delivered. It must fall inside an authorization of the referral and not go past the
/// units or dollars authorized; the first one moves the referral to in-service.</summary>
public sealed class RecordService(CareHubDbContext db, ReferralWriter writer)
{
    public async Task<Outcome<ReferralDetail>> HandleAsync(Guid id, ServiceInput input, CancellationToken ct = default)
    {
        var r = await writer.FindAsync(id, ct);
        if (r is null)
        {
            return ReferralWriter.NotVisible(id);
        }

        if (!writer.Actor(r).HasFlag(ReferralActor.Cbo))
        {
            return Outcome<ReferralDetail>.Forbidden("Only the Community Supports provider the referral is with records services.");
        }

        if (r.Status is not (ReferralStatus.Accepted or ReferralStatus.Scheduled or ReferralStatus.InService))
        {
            return Outcome<ReferralDetail>.Conflict($"Services are recorded once the referral is accepted; it is {r.Status.ToCode()}.");
        }

        if (input.ServiceDate is not { } date)
        {
            return Outcome<ReferralDetail>.Invalid("serviceDate", "Give the date the service was delivered.");
        }

        var endDate = input.EndDate ?? date;
        if (endDate < date)
        {
            return Outcome<ReferralDetail>.Invalid("endDate", $"The end date {endDate:yyyy-MM-dd} is before the service date {date:yyyy-MM-dd}.");
        }

        if (date > writer.Today)
        {
            return Outcome<ReferralDetail>.Invalid("serviceDate", $"{date:yyyy-MM-dd} is in the future; record services once delivered.");
        }

        if (input.Quantity is not { } quantity || quantity <= 0)
        {
            return Outcome<ReferralDetail>.Invalid("quantity", "Give the units delivered (more than 0).");
        }

        var auths = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.ReferralId == r.Id).ToListAsync(ct);
        var auth = ReferralRules.CoveringAuthorization(auths, date, endDate);
        if (auth is null)
        {
            var range = auths.Count == 0 ? "no authorization" : string.Join(", ", auths.OrderBy(a => a.Start).Select(a => $"{a.Start:yyyy-MM-dd} to {a.End:yyyy-MM-dd}"));
            return Outcome<ReferralDetail>.Invalid("serviceDate", $"{date:yyyy-MM-dd}–{endDate:yyyy-MM-dd} is outside the authorization ({range}); request an extension first.");
        }

        var delivered = await db.Set<ServiceDelivery>().AsNoTracking().Where(d => d.AuthorizationId == auth.Id).ToListAsync(ct);
        if (ReferralRules.DeliveryRefusal(auth, delivered, quantity, input.Amount) is { } refusal)
        {
            return Outcome<ReferralDetail>.Refused([refusal]);
        }

        db.Add(new ServiceDelivery
        {
            MemberId = r.MemberId,
            ReferralId = r.Id,
            AuthorizationId = auth.Id,
            CboId = r.CboId!.Value,
            ServiceDate = date,
            EndDate = input.EndDate,
            Quantity = quantity,
            Unit = auth.QuantityUnit ?? "days",
            Amount = input.Amount,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            RecordedAt = writer.Now,
            RecordedBy = writer.Scope.UserName,
        });
        var note = $"Service delivered {date:yyyy-MM-dd}" + (input.EndDate is { } e ? $" to {e:yyyy-MM-dd}" : "") + $": {LimitEngine.Format(quantity)} {auth.QuantityUnit ?? "units"}.";
        if (r.Status != ReferralStatus.InService)
        {
            await writer.MoveAsync(r, ReferralStatus.InService, note, ct);
        }
        else
        {
            r.UpdatedAt = writer.Now;
        }

        writer.Audit("cs-referral.service", r, $"/api/referrals/{r.Id}/services", note);
        return await writer.SaveAsync(r, OutcomeKind.Created, ct);
    }
}
