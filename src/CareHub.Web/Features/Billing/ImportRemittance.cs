using CareHub.Billing;
using CareHub.Common;
using CareHub.Data;
using CareHub.Exchange;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Billing;

public sealed record RemittanceResult(int Paid, int Denied, int Adjusted);

/// <summary>
/// A plan imports its 835: each CLP is matched to the claim lines billed to the plan by its claim number (CLM01),
/// each SVC to a line by its REF*6R control number (or, without one, by code and modifiers). Lines become paid,
/// denied or adjusted with the amount paid and the adjustment reason codes. A claim the plan was never billed, or a
/// malformed file, rejects the whole file naming the segment; the same file again leaves every line as it was.
/// </summary>
public sealed class ImportRemittance(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<RemittanceResult>> HandleAsync(string text, CancellationToken ct)
    {
        if (db.Scope.OrganizationType != OrganizationType.Plan || db.Scope.OrganizationId is not { } planId)
        {
            return Outcome<RemittanceResult>.Forbidden("Only a plan imports its remittance advice (835).");
        }

        var (remittance, error) = Remittance835.Read(text);
        if (remittance is null)
        {
            return Malformed(error!);
        }

        var claimNumbers = remittance.Claims.Select(c => c.ClaimNumber).Distinct().ToList();
        var lines = await db.InvoiceLines.Where(l => l.PlanId == planId && l.Status == LineStatuses.Accepted && l.ClaimNumber != null && claimNumbers.Contains(l.ClaimNumber))
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        int paid = 0, denied = 0, adjusted = 0;
        var touched = new HashSet<Guid>();
        foreach (var claim in remittance.Claims)
        {
            var claimLines = lines.Where(l => l.ClaimNumber == claim.ClaimNumber).OrderBy(l => l.From).ThenBy(l => l.LineNumber).ToList();
            if (claimLines.Count == 0)
            {
                return Malformed(new X12Error(claim.SegmentNumber, $"CLP*{claim.ClaimNumber}", $"claim {claim.ClaimNumber} was never billed to your plan through CareHub."));
            }

            var results = new List<(InvoiceLine Line, string Status, decimal Paid, string Reasons)>();
            if (claim.Lines.Count == 0)
            {
                // A claim-level answer covers every line of the claim.
                var reasons = string.Join("; ", claim.Adjustments);
                var status = claim.IsDenied || claim.Paid <= 0 ? PaymentStatuses.Denied : claim.Paid >= claim.Charge ? PaymentStatuses.Paid : PaymentStatuses.Adjusted;
                var share = claim.Charge == 0 ? 0 : claim.Paid / claim.Charge;
                results.AddRange(claimLines.Select(l => (l, status, Math.Round((l.Amount ?? 0) * share, 2), reasons)));
            }
            else
            {
                var open = claimLines.ToList();
                foreach (var svc in claim.Lines)
                {
                    var line = (svc.LineControlNumber is { Length: > 0 } control ? open.FirstOrDefault(l => l.ControlNumber == control) : null)
                        ?? open.FirstOrDefault(l => svc.LineControlNumber is null or "" && string.Equals(l.Hcpcs, svc.Hcpcs, StringComparison.OrdinalIgnoreCase)
                            && l.ModifierList.Order().SequenceEqual(svc.Modifiers.Order(), StringComparer.OrdinalIgnoreCase));
                    if (line is null)
                    {
                        return Malformed(new X12Error(claim.SegmentNumber, $"CLP*{claim.ClaimNumber}",
                            $"a service line ({svc.Hcpcs}{(svc.LineControlNumber is { Length: > 0 } c ? $", REF*6R {c}" : "")}) matches no line of claim {claim.ClaimNumber}."));
                    }

                    open.Remove(line);
                    var reasons = string.Join("; ", claim.Adjustments.Concat(svc.Adjustments));
                    results.Add((line, PaymentStatuses.From(svc.Charge, svc.Paid, claim.IsDenied), svc.Paid, reasons));
                }
            }

            foreach (var (line, status, amount, reasons) in results)
            {
                switch (status)
                {
                    case PaymentStatuses.Paid: paid++; break;
                    case PaymentStatuses.Denied: denied++; break;
                    default: adjusted++; break;
                }

                var text2 = reasons.Length > 500 ? reasons[..500] : reasons;
                if (line.PaymentStatus != status || line.PaidAmount != amount || line.AdjustmentReasons != (text2.Length == 0 ? null : text2))
                {
                    line.PaymentStatus = status;
                    line.PaidAmount = amount;
                    line.AdjustmentReasons = text2.Length == 0 ? null : text2;
                    line.RemittedAt = now;
                    if (touched.Add(line.MemberId!.Value))
                    {
                        audit.Add("billing.remittance", line.MemberId, "/api/billing/remittances", $"Remittance applied to claim {claim.ClaimNumber}.");
                    }
                }
            }
        }

        await db.SaveChangesAsync(ct);
        return Outcome<RemittanceResult>.Ok(new RemittanceResult(paid, denied, adjusted));
    }

    private static Outcome<RemittanceResult> Malformed(X12Error e) => FileProblems.X12<RemittanceResult>(e, "The 835 was not applied.");
}
