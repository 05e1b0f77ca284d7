using System.Globalization;
using CareHub.Billing;
using CareHub.Common;
using CareHub.Data;
using CareHub.Exchange;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Billing;

/// <summary>
/// The 837P claim file for a period (lines whose first service date falls in it, inclusive): a CBO gets its own
/// accepted lines, a plan every line billed to it. One transaction set per plan, one billing provider loop per CBO,
/// one claim per authorization, one service line per accepted invoice line. Every member on the file is audited.
/// </summary>
public sealed class ExportClaims(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxDays = 366;

    public async Task<Outcome<string>> HandleAsync(string? fromText, string? toText, CancellationToken ct)
    {
        var scope = db.Scope;
        if (scope.OrganizationType is not (OrganizationType.Cbo or OrganizationType.Plan) || scope.OrganizationId is not { } org)
        {
            return Outcome<string>.Forbidden("Claim files are for Community Supports providers (their claims) and plans (claims billed to them).");
        }

        if (!DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return Outcome<string>.Invalid("from", "Give the first service date of the period as YYYY-MM-DD.");
        }

        if (!DateOnly.TryParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            return Outcome<string>.Invalid("to", "Give the last service date of the period as YYYY-MM-DD.");
        }

        if (to < from || to.DayNumber - from.DayNumber >= MaxDays)
        {
            return Outcome<string>.Invalid("to", $"The period must end on or after {from:yyyy-MM-dd} and cover at most {MaxDays} days.");
        }

        // The query filter already limits lines to the caller's (CBO) or those billed to it (plan).
        var query = db.InvoiceLines.AsNoTracking().Where(l => l.Status == LineStatuses.Accepted && l.From >= from && l.From <= to);
        query = scope.OrganizationType == OrganizationType.Cbo ? query.Where(l => l.CboId == org) : query.Where(l => l.PlanId == org);
        var lines = await query.OrderBy(l => l.PlanId).ThenBy(l => l.CboId).ThenBy(l => l.MemberId).ThenBy(l => l.ClaimNumber).ThenBy(l => l.From).ToListAsync(ct);

        var memberIds = lines.Select(l => l.MemberId!.Value).Distinct().ToList();
        var members = await db.Members.IgnoreQueryFilters().AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var orgIds = lines.Select(l => l.PlanId!.Value).Concat(lines.Select(l => l.CboId)).Append(org).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);

        ClaimParty Party(Guid id) => orgs.TryGetValue(id, out var o)
            ? new ClaimParty(o.Name, PartyId(o.Id, o.Npi), o.Npi ?? "0000000000", null, null, o.Counties.FirstOrDefault(), "CA", null)
            : new ClaimParty("UNKNOWN", PartyId(id, null));

        var me = Party(org);
        var transactions = new List<ClaimTransaction>();
        foreach (var byPlan in lines.GroupBy(l => l.PlanId!.Value))
        {
            var payer = Party(byPlan.Key);
            var providers = byPlan.GroupBy(l => l.CboId).Select(byCbo => new BillingProviderClaims(Party(byCbo.Key), payer,
                byCbo.GroupBy(l => (l.MemberId!.Value, l.ClaimNumber!)).Select(claim =>
                {
                    var m = members[claim.Key.Item1];
                    var subscriber = new ClaimSubscriber(m.Cin ?? m.PlanMemberId, m.LastName, m.FirstName, m.BirthDate, m.Sex, m.AddressLine, m.City, "CA", m.Zip);
                    var first = claim.First();
                    return new ProfessionalClaim(claim.Key.Item2, subscriber, [.. claim.Select(l => l.Diagnosis ?? "Z749").Distinct()],
                        first.AuthorizationId?.ToString("N").ToUpperInvariant(),
                        [.. claim.Select(l => new ClaimServiceLine(l.ControlNumber!, l.Hcpcs!, l.ModifierList, l.Amount ?? 0, l.Units ?? 0, l.From!.Value, l.To!.Value))]);
                }).ToList())).ToList();
            transactions.Add(new ClaimTransaction(me, payer, $"{from:yyyyMMdd}{to:yyyyMMdd}", providers));
        }

        var now = clock.GetUtcNow();
        var envelope = new X12Envelope(me.Id, transactions.Count == 1 ? transactions[0].Receiver.Id : "CAREHUB", now.ToUnixTimeSeconds(), now);
        var text = Claim837.Write(envelope, transactions);
        foreach (var member in memberIds)
        {
            audit.Add("billing.claims-837p", member, $"/api/billing/claims/837p?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", "Claims for the member written to an 837P file.");
        }

        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(text);
    }

    /// <summary>An organization's id on an X12 file (at most 15 characters): its NPI, or the start of its CareHub id.</summary>
    public static string PartyId(Guid id, string? npi) => !string.IsNullOrWhiteSpace(npi) ? npi.Trim() : id.ToString("N")[..15].ToUpperInvariant();
}
