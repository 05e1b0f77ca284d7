using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Catalog;

public sealed record OfferingDto(Guid Id, Guid PlanId, string PlanName, string County, string CommunitySupportCode, string CommunitySupportName, DateOnly Start, DateOnly? End);


/// <summary>Plan offerings: which Community Supports each plan offers in which county, from when until when.
/// A plan administrator changes only their own plan's offerings; every change is audited.</summary>
public sealed class OfferingService(CareHubDbContext db, ProgramCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<OfferingDto>> ListAsync(string? county, DateOnly? asOf, Guid? planId = null, CancellationToken ct = default)
    {
        var query = db.PlanOfferings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(county))
        {
            query = query.Where(o => o.County == county.Trim());
        }

        if (planId is { } p)
        {
            query = query.Where(o => o.PlanId == p);
        }

        if (asOf is { } d)
        {
            query = query.Where(o => o.Start <= d && (o.End == null || o.End >= d));
        }

        var rows = await query.ToListAsync(ct);
        var plans = await PlanNamesAsync(ct);
        return rows
            .OrderBy(o => o.County).ThenBy(o => plans.GetValueOrDefault(o.PlanId)).ThenBy(o => o.CommunitySupportCode).ThenBy(o => o.Start)
            .Select(o => ToDto(o, plans))
            .ToList();
    }

    public async Task<Dictionary<Guid, string>> PlanNamesAsync(CancellationToken ct = default) =>
        await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Plan).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

    public async Task<CountyMatrix> MatrixAsync(string county, DateOnly asOf, CancellationToken ct = default)
    {
        var plans = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Plan).ToListAsync(ct);
        var inCounty = plans.Where(p => p.Counties.Contains(county, StringComparer.OrdinalIgnoreCase)).ToDictionary(p => p.Id, p => p.Name);
        var offerings = await db.PlanOfferings.AsNoTracking().Where(o => o.County == county).ToListAsync(ct);
        var names = plans.ToDictionary(p => p.Id, p => p.Name);
        foreach (var id in offerings.Select(o => o.PlanId).Distinct())
        {
            inCounty.TryAdd(id, names.GetValueOrDefault(id) ?? id.ToString());
        }

        return CountyMatrix.Build(catalog, county, asOf, offerings.Select(o => o.ToOffering()), inCounty);
    }

    /// <summary>The counties any plan serves, for pickers.</summary>
    public async Task<IReadOnlyList<string>> CountiesAsync(CancellationToken ct = default)
    {
        var plans = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Plan).ToListAsync(ct);
        return plans.SelectMany(p => p.Counties).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Adds an offering for <paramref name="planId"/>, or says exactly why not.</summary>
    public async Task<Outcome<OfferingDto>> AddAsync(Guid planId, string county, string serviceCode, DateOnly start, DateOnly? end, string? by, CancellationToken ct = default)
    {
        var plan = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == planId && o.Type == OrganizationType.Plan, ct);
        if (plan is null)
        {
            return Outcome<OfferingDto>.Refused(["Only a plan can offer Community Supports."], "offering");
        }

        county = county.Trim();
        serviceCode = serviceCode.Trim().ToLowerInvariant();
        if (plan.Counties.Count > 0 && !plan.Counties.Contains(county, StringComparer.OrdinalIgnoreCase))
        {
            return Outcome<OfferingDto>.Refused([$"{plan.Name} does not serve {county} County (it serves {string.Join(", ", plan.Counties)})."], "county");
        }

        var existing = await db.PlanOfferings.AsNoTracking().Where(o => o.PlanId == planId && o.County == county && o.CommunitySupportCode == serviceCode).ToListAsync(ct);
        var offering = new PlanOffering(planId, county, serviceCode, start, end);
        var decision = PlanOfferingRules.Validate(offering, existing.Select(e => e.ToOffering()), catalog);
        if (!decision.Accepted)
        {
            return Outcome<OfferingDto>.Refused(decision.Errors);
        }

        var now = clock.GetUtcNow();
        var record = new PlanOfferingRecord
        {
            PlanId = planId,
            County = county,
            CommunitySupportCode = serviceCode,
            Start = start,
            End = end,
            CreatedAt = now,
            CreatedBy = by,
        };
        db.PlanOfferings.Add(record);
        audit.Add("offering.create", null, $"/api/catalog/offerings/{record.Id}", offering.Describe());
        await db.SaveChangesAsync(ct);
        return Outcome<OfferingDto>.Ok(ToDto(record, new Dictionary<Guid, string> { [planId] = plan.Name }));
    }

    /// <summary>Ends an open offering on <paramref name="end"/> (the last day offered).</summary>
    public async Task<Outcome<OfferingDto>> EndAsync(Guid planId, Guid offeringId, DateOnly end, string? by, CancellationToken ct = default)
    {
        var record = await db.PlanOfferings.FirstOrDefaultAsync(o => o.Id == offeringId && o.PlanId == planId, ct);
        if (record is null)
        {
            return Outcome<OfferingDto>.Refused(["No such offering for your plan."], "offering");
        }

        var others = await db.PlanOfferings.AsNoTracking()
            .Where(o => o.PlanId == planId && o.County == record.County && o.CommunitySupportCode == record.CommunitySupportCode && o.Id != offeringId)
            .ToListAsync(ct);
        var changed = record.ToOffering() with { End = end };
        var decision = PlanOfferingRules.Validate(changed, others.Select(o => o.ToOffering()), catalog);
        if (!decision.Accepted)
        {
            return Outcome<OfferingDto>.Refused(decision.Errors);
        }

        record.End = end;
        record.ChangedAt = clock.GetUtcNow();
        record.ChangedBy = by;
        audit.Add("offering.end", null, $"/api/catalog/offerings/{record.Id}", changed.Describe());
        await db.SaveChangesAsync(ct);
        return Outcome<OfferingDto>.Ok(ToDto(record, await PlanNamesAsync(ct)));
    }

    private OfferingDto ToDto(PlanOfferingRecord o, IReadOnlyDictionary<Guid, string> plans) =>
        new(o.Id, o.PlanId, plans.GetValueOrDefault(o.PlanId) ?? "", o.County, o.CommunitySupportCode,
            catalog.FindCommunitySupport(o.CommunitySupportCode)?.Name ?? o.CommunitySupportCode, o.Start, o.End);
}
