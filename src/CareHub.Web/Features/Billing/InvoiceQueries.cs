using CareHub.Billing;
using CareHub.Data;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Billing;

/// <summary>One invoice as its CBO or a plan sees it: the lines the caller may see, with payment status.</summary>
public sealed record InvoiceView(Guid Id, string InvoiceNumber, string Cbo, DateTimeOffset SubmittedAt, string Channel,
    int Accepted, int Rejected, int Paid, int Denied, int Adjusted, decimal Billed, decimal PaidAmount, IReadOnlyList<InvoiceLineResult> Lines);

/// <summary>Invoices for the invoice status pages and API. A plan sees only the lines billed to it; showing lines
/// of members writes one audit entry per member.</summary>
public sealed class InvoiceQueries(CareHubDbContext db, AuditTrail audit)
{
    public async Task<IReadOnlyList<InvoiceView>> ListAsync(int max, CancellationToken ct)
    {
        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Lines).OrderByDescending(i => i.SubmittedAt).Take(max).ToListAsync(ct);
        return await ViewsAsync(invoices, "/api/billing/invoices", ct);
    }

    public async Task<InvoiceView?> GetAsync(Guid id, CancellationToken ct)
    {
        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).FirstOrDefaultAsync(i => i.Id == id, ct);
        return invoice is null ? null : (await ViewsAsync([invoice], $"/api/billing/invoices/{id}", ct))[0];
    }

    private async Task<IReadOnlyList<InvoiceView>> ViewsAsync(List<Invoice> invoices, string target, CancellationToken ct)
    {
        var cboIds = invoices.Select(i => i.CboId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => cboIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var members = invoices.SelectMany(i => i.Lines).Where(l => l.MemberId is not null).Select(l => l.MemberId!.Value).Distinct().ToList();
        foreach (var m in members)
        {
            audit.Add("billing.invoice.view", m, target);
        }

        if (members.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return [.. invoices.Select(i =>
        {
            var lines = i.Lines.OrderBy(l => l.LineNumber).ToList();
            var accepted = lines.Where(l => l.Status == LineStatuses.Accepted).ToList();
            return new InvoiceView(i.Id, i.InvoiceNumber, names.GetValueOrDefault(i.CboId) ?? "", i.SubmittedAt, i.Channel,
                accepted.Count, lines.Count - accepted.Count,
                accepted.Count(l => l.PaymentStatus == PaymentStatuses.Paid), accepted.Count(l => l.PaymentStatus == PaymentStatuses.Denied),
                accepted.Count(l => l.PaymentStatus == PaymentStatuses.Adjusted), accepted.Sum(l => l.Amount ?? 0), accepted.Sum(l => l.PaidAmount ?? 0),
                [.. lines.Select(InvoiceLineResult.Of)]);
        })];
    }
}
