using System.Globalization;
using CareHub.Billing;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Billing;

/// <summary>One invoice line as sent in JSON; dates are YYYY-MM-DD, <c>memberCin</c> is optional.</summary>
public sealed record InvoiceLineRequest(string? ReferralId, string? From, string? To, decimal? Units, decimal? Amount, string? MemberCin = null);

public sealed record SubmitInvoiceRequest(string? InvoiceNumber, List<InvoiceLineRequest>? Lines);

/// <summary>One line's outcome: accepted with its coding, or rejected with the reason; and, once the plan's
/// remittance is in, its payment status.</summary>
public sealed record InvoiceLineResult(
    int Line,
    string Status,
    string? Reason,
    string? ReasonCode,
    string? Hcpcs,
    IReadOnlyList<string> Modifiers,
    string? ReferralId,
    string? From,
    string? To,
    decimal? Units,
    decimal? Amount,
    string? PaymentStatus,
    decimal? PaidAmount,
    string? Adjustments)
{
    public static InvoiceLineResult Of(InvoiceLine l) => new(l.LineNumber, l.Status, l.Reason, l.ReasonCode, l.Hcpcs, l.ModifierList,
        l.ReferralText, l.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        l.Units, l.Amount, l.PaymentStatus, l.PaidAmount, l.AdjustmentReasons);
}

public sealed record InvoiceResult(Guid Id, string InvoiceNumber, DateTimeOffset SubmittedAt, bool Repeated, int Accepted, int Rejected, IReadOnlyList<InvoiceLineResult> Lines);

/// <summary>
/// A CBO submits an invoice. Each line is checked against its referral's authorization (<see cref="InvoiceChecks"/>);
/// accepted lines become claim lines coded from the catalog for the service date, rejected lines keep their reason.
/// The invoice, its lines and the audit entries are saved in one SaveChanges; the same invoice number again returns
/// the stored invoice and changes nothing. Referral and authorization data are read through the context.
/// </summary>
public sealed class SubmitInvoice(CareHubDbContext db, ProgramCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<InvoiceResult>> HandleAsync(SubmitInvoiceRequest request, string channel, CancellationToken ct)
    {
        var scope = db.Scope;
        if (scope.OrganizationType != OrganizationType.Cbo || scope.OrganizationId is not { } cboId)
        {
            return Outcome<InvoiceResult>.Forbidden("Only a Community Supports provider (CBO) sends invoices.");
        }

        var number = request.InvoiceNumber?.Trim();
        if (string.IsNullOrEmpty(number) || number.Length > 50 || number.Any(char.IsControl))
        {
            return Outcome<InvoiceResult>.Invalid("invoiceNumber", "Give your invoice number (1 to 50 characters); the same number sent again changes nothing.");
        }

        if (request.Lines is not { Count: > 0 } lineRequests)
        {
            return Outcome<InvoiceResult>.Invalid("lines", "An invoice needs at least one line.");
        }

        if (lineRequests.Count > InvoiceChecks.MaxLines)
        {
            return Outcome<InvoiceResult>.Invalid("lines", $"An invoice has at most {InvoiceChecks.MaxLines} lines; split it.");
        }

        var existing = await LoadAsync(cboId, number, ct);
        if (existing is not null)
        {
            return Outcome<InvoiceResult>.Ok(ToResult(existing, repeated: true));
        }

        var inputs = new List<InvoiceLineInput>();
        var preRejected = new Dictionary<int, string>();
        foreach (var (l, i) in lineRequests.Select((l, i) => (l, i + 1)))
        {
            var from = ParseDate(l?.From);
            var to = ParseDate(l?.To);
            if (l is null)
            {
                preRejected[i] = "lines: the line is empty.";
            }
            else if (from.Bad || to.Bad)
            {
                preRejected[i] = $"{(from.Bad ? "from" : "to")}: '{(from.Bad ? l.From : l.To)}' is not a date (YYYY-MM-DD).";
            }

            inputs.Add(new InvoiceLineInput(i, l?.ReferralId?.Trim(), from.Value, to.Value, l?.Units, l?.Amount, l?.MemberCin));
        }

        var facts = await LoadFactsAsync(inputs, cboId, ct);
        var histories = await LoadHistoriesAsync(facts.Values.OfType<ReferralFacts>().Select(f => f.MemberId).Distinct().ToList(), ct);
        var decisions = InvoiceChecks.CheckAll(catalog, cboId, [.. inputs.Where(l => !preRejected.ContainsKey(l.Line))],
            id => facts.GetValueOrDefault(id), member => histories.GetValueOrDefault(member) ?? []);
        var byLine = decisions.ToDictionary(d => d.Line);

        var now = clock.GetUtcNow();
        var invoice = new Invoice { CboId = cboId, InvoiceNumber = number, SubmittedAt = now, SubmittedBy = scope.UserName, Channel = channel };
        foreach (var input in inputs)
        {
            var line = new InvoiceLine
            {
                InvoiceId = invoice.Id,
                LineNumber = input.Line,
                CboId = cboId,
                ReferralText = Truncate(input.Referral, 100),
                From = input.From,
                To = input.To,
                Units = input.Units,
                Amount = input.Amount,
                Status = LineStatuses.Rejected,
            };
            if (preRejected.TryGetValue(input.Line, out var problem))
            {
                line.ReasonCode = RejectionReasons.Invalid;
                line.Reason = problem;
            }
            else
            {
                var d = byLine[input.Line];
                line.Status = d.Status;
                line.ReasonCode = d.ReasonCode;
                line.Reason = d.Reason;
                if (d.Accepted)
                {
                    var r = d.Referral!;
                    line.ReferralId = r.ReferralId;
                    line.AuthorizationId = d.Authorization!.Id;
                    line.MemberId = r.MemberId;
                    line.PlanId = r.PlanId;
                    line.CommunitySupportCode = r.ServiceCode;
                    line.Hcpcs = d.Code!.Hcpcs;
                    line.Modifiers = string.Join(' ', d.Code.Modifiers);
                    line.Diagnosis = ClaimCoding.DefaultDiagnosis(r.ServiceCode);
                    line.ClaimNumber = ClaimCoding.ClaimNumber(d.Authorization.Id);
                    line.ControlNumber = ClaimCoding.LineControlNumber(line.Id);
                    line.PaymentStatus = PaymentStatuses.Billed;
                }
                else if (d.ReasonCode != RejectionReasons.OtherOrganization && d.Referral is { } own)
                {
                    line.ReferralId = own.ReferralId;
                    line.CommunitySupportCode = own.ServiceCode;
                }
            }

            invoice.Lines.Add(line);
        }

        db.Invoices.Add(invoice);
        foreach (var member in invoice.Lines.Where(l => l.MemberId is not null).GroupBy(l => l.MemberId!.Value))
        {
            audit.Add("billing.invoice", member.Key, $"/api/billing/invoices/{invoice.Id}",
                $"Invoice {number}: lines {string.Join(", ", member.Select(l => l.LineNumber))} accepted.");
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same invoice number saved by a concurrent request: answer with that one.
            db.ChangeTracker.Clear();
            var saved = await LoadAsync(cboId, number, ct);
            if (saved is null)
            {
                throw;
            }

            return Outcome<InvoiceResult>.Ok(ToResult(saved, repeated: true));
        }

        return Outcome<InvoiceResult>.Created(ToResult(invoice, repeated: false));
    }

    private Task<Invoice?> LoadAsync(Guid cboId, string number, CancellationToken ct) =>
        db.Invoices.AsNoTracking().Include(i => i.Lines).FirstOrDefaultAsync(i => i.CboId == cboId && i.InvoiceNumber == number, ct);

    public static InvoiceResult ToResult(Invoice invoice, bool repeated)
    {
        var lines = invoice.Lines.OrderBy(l => l.LineNumber).Select(InvoiceLineResult.Of).ToList();
        return new InvoiceResult(invoice.Id, invoice.InvoiceNumber, invoice.SubmittedAt, repeated,
            lines.Count(l => l.Status == LineStatuses.Accepted), lines.Count(l => l.Status == LineStatuses.Rejected), lines);
    }

    /// <summary>The referrals the lines name. Another organization's referral is looked up past the scope only to say
    /// that it is not the caller's; nothing of it is returned.</summary>
    private async Task<Dictionary<Guid, ReferralFacts?>> LoadFactsAsync(IReadOnlyList<InvoiceLineInput> lines, Guid cboId, CancellationToken ct)
    {
        var ids = lines.Select(l => Guid.TryParse(l.Referral, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
        var referrals = await db.Referrals.IgnoreQueryFilters().AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.MemberId, r.PlanId, r.County, r.CboId, r.CommunitySupportCode }).ToListAsync(ct);
        var own = referrals.Where(r => r.CboId == cboId).Select(r => r.Id).ToList();
        var memberIds = referrals.Where(r => r.CboId == cboId).Select(r => r.MemberId).Distinct().ToList();
        var auths = await db.ServiceAuthorizations.IgnoreQueryFilters().AsNoTracking().Where(a => a.ReferralId != null && own.Contains(a.ReferralId.Value)).ToListAsync(ct);
        var billed = await db.InvoiceLines.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.Status == LineStatuses.Accepted && l.ReferralId != null && own.Contains(l.ReferralId.Value))
            .Join(db.Invoices.IgnoreQueryFilters(), l => l.InvoiceId, i => i.Id, (l, i) => new { l.ReferralId, l.AuthorizationId, l.From, l.To, l.Units, l.Amount, i.InvoiceNumber })
            .ToListAsync(ct);
        var members = await db.Members.IgnoreQueryFilters().AsNoTracking().Where(m => memberIds.Contains(m.Id))
            .Select(m => new { m.Id, m.Cin, m.PlanMemberId }).ToDictionaryAsync(m => m.Id, ct);

        var result = new Dictionary<Guid, ReferralFacts?>();
        foreach (var r in referrals)
        {
            if (r.CboId != cboId)
            {
                result[r.Id] = new ReferralFacts(r.Id, Guid.Empty, [], Guid.Empty, "", r.CboId, r.CommunitySupportCode, [], []);
                continue;
            }

            var m = members.GetValueOrDefault(r.MemberId);
            var identifiers = new[] { m?.Cin, m?.PlanMemberId, r.MemberId.ToString() }.OfType<string>().ToList();
            var authFacts = auths.Where(a => a.ReferralId == r.Id).Select(a => new AuthorizationFacts(a.Id, a.Start, a.End, a.Quantity, a.QuantityUnit, a.Amount,
                billed.Where(b => b.AuthorizationId == a.Id).Sum(b => b.Units ?? 0), billed.Where(b => b.AuthorizationId == a.Id).Sum(b => b.Amount ?? 0), a.LimitException)).ToList();
            var spans = billed.Where(b => b.ReferralId == r.Id).Select(b => new BilledSpan(b.From!.Value, b.To!.Value, b.InvoiceNumber)).ToList();
            result[r.Id] = new ReferralFacts(r.Id, r.MemberId, identifiers, r.PlanId, r.County, r.CboId, r.CommunitySupportCode, authFacts, spans);
        }

        return result;
    }

    /// <summary>Everything billed for the members, by any CBO to any plan: the limit engine counts the whole history.</summary>
    private async Task<Dictionary<Guid, List<UsageRecord>>> LoadHistoriesAsync(List<Guid> memberIds, CancellationToken ct)
    {
        var rows = await db.InvoiceLines.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.Status == LineStatuses.Accepted && l.MemberId != null && memberIds.Contains(l.MemberId.Value))
            .Join(db.ServiceAuthorizations.IgnoreQueryFilters(), l => l.AuthorizationId, a => a.Id,
                (l, a) => new { l.MemberId, l.CommunitySupportCode, l.From, l.To, l.Units, l.Amount, l.ReferralId, a.QuantityUnit, a.PlanId, a.County })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.MemberId!.Value).ToDictionary(g => g.Key, g => g.Select(r =>
            new UsageRecord(r.CommunitySupportCode!, r.From!.Value, r.To!.Value, r.QuantityUnit is null ? null : r.Units, r.Amount,
                r.ReferralId!.Value.ToString(), r.PlanId, r.County, "billed")).ToList());
    }

    private static (DateOnly? Value, bool Bad) ParseDate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? (null, false)
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? (d, false) : (null, true);

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
