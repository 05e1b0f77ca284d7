using CareHub.Common;
using CareHub.Data;
using CareHub.Identification.Runs;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>
/// Network adequacy for the plan: per county × Population of Focus and county × Community Support, the providers
/// under an active contract, their capacity, eligible members and the shortfall. ECM eligibility comes from the
/// plan's latest completed identification run; Community Supports have no identification run, so their demand is
/// the members the plan's referrals asked for that service in the twelve months before the date.
/// </summary>
public sealed class AdequacyReport(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<AdequacyResponse>> ComputeAsync(string? county, DateOnly? asOf, CancellationToken ct)
    {
        if (county is { Length: > 60 })
        {
            return Outcome<AdequacyResponse>.Invalid("county", "county is at most 60 characters.");
        }

        county = string.IsNullOrWhiteSpace(county) ? null : county.Trim();
        var planId = db.Scope.OrganizationId!.Value;
        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var contracts = await db.Set<ProviderContract>().AsNoTracking()
            .Where(c => c.PlanId == planId && c.Start <= date && (c.End == null || c.End >= date) && (county == null || c.County == county)).ToListAsync(ct);
        var contracted = contracts.SelectMany(c =>
            c.Populations.Select(p => new ContractedService(c.ProviderId, c.County, AdequacyMath.EcmKind, p, c.Capacity))
                .Concat(c.CommunitySupports.Select(s => new ContractedService(c.ProviderId, c.County, AdequacyMath.CsKind, s, c.Capacity)))).ToList();

        var run = await db.IdentificationRuns.AsNoTracking()
            .Where(r => r.PlanId == planId && r.Status == RunStatus.Completed && r.AsOf <= date)
            .OrderByDescending(r => r.AsOf).ThenByDescending(r => r.FinishedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        var eligible = new List<EligibleCount>();
        if (run is { } runId)
        {
            var counts = await db.Determinations.AsNoTracking().Where(d => d.RunId == runId && d.Eligible && (county == null || d.County == county))
                .GroupBy(d => new { d.County, d.Population }).Select(g => new { g.Key.County, g.Key.Population, Count = g.Select(d => d.MemberId).Distinct().Count() })
                .ToListAsync(ct);
            eligible.AddRange(counts.Select(c => new EligibleCount(c.County, AdequacyMath.EcmKind, c.Population, c.Count)));
        }

        var from = date.AddYears(-1);
        var demand = await db.Referrals.AsNoTracking()
            .Where(r => r.PlanId == planId && (county == null || r.County == county) && r.RequestedStart >= from && r.RequestedStart <= date)
            .GroupBy(r => new { r.County, r.CommunitySupportCode }).Select(g => new { g.Key.County, g.Key.CommunitySupportCode, Count = g.Select(r => r.MemberId).Distinct().Count() })
            .ToListAsync(ct);
        eligible.AddRange(demand.Select(d => new EligibleCount(d.County, AdequacyMath.CsKind, d.CommunitySupportCode, d.Count)));

        var rows = AdequacyMath.Compute(contracted, eligible);
        audit.Add("network-adequacy.read", null, "/api/network/adequacy", $"county={county}; asOf={date:yyyy-MM-dd}; rows={rows.Count}");
        await db.SaveChangesAsync(ct);
        return Outcome<AdequacyResponse>.Ok(new AdequacyResponse(date, run, rows));
    }
}
