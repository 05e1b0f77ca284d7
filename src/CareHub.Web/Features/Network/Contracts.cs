using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>Contracts between a plan and a provider for a county and service lines. A contract cannot start
/// before the provider is certified for the plan (ECM) and has completed the plan's required training.</summary>
public sealed class ProviderContracts(CareHubDbContext db, AuditTrail audit, TimeProvider clock, ProgramCatalog catalog, TrainingRecords training)
{
    private IAccessScope Scope => db.Scope;

    public async Task<Outcome<IdResponse>> CreateAsync(ContractRequest request, CancellationToken ct)
    {
        var planId = Scope.OrganizationId!.Value;
        var errors = new Dictionary<string, string[]>();
        var provider = request.ProviderId is { } pid
            ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == pid && (o.Type == OrganizationType.EcmProvider || o.Type == OrganizationType.Cbo), ct)
            : null;
        if (provider is null)
        {
            errors["providerId"] = [request.ProviderId is null ? "providerId is required." : $"{request.ProviderId} is not an ECM provider or Community Supports provider."];
        }

        if (string.IsNullOrWhiteSpace(request.County) || request.County.Length > 60)
        {
            errors["county"] = ["county is required (at most 60 characters)."];
        }

        if (request.Start is null)
        {
            errors["start"] = ["start is required (yyyy-MM-dd)."];
        }
        else if (request.End is { } end && end < request.Start)
        {
            errors["end"] = [$"end {end:yyyy-MM-dd} is before start {request.Start:yyyy-MM-dd}."];
        }

        var populations = (request.Populations ?? []).Distinct().ToList();
        var services = (request.CommunitySupports ?? []).Distinct().ToList();
        if (populations.FirstOrDefault(p => catalog.FindPopulation(p) is null) is { } badPop)
        {
            errors["populations"] = [$"Unknown Population of Focus '{badPop}'."];
        }

        if (services.FirstOrDefault(s => catalog.FindCommunitySupport(s) is null) is { } badCs)
        {
            errors["communitySupports"] = [$"Unknown Community Support '{badCs}'."];
        }

        if (populations.Count == 0 && services.Count == 0)
        {
            errors["populations"] = ["A contract covers at least one ECM Population of Focus or Community Support."];
        }

        if (request.Capacity is not (>= 1 and <= 100000))
        {
            errors["capacity"] = ["capacity is required: the members the provider can serve under the contract (1 to 100,000)."];
        }

        if (errors.Count > 0)
        {
            return Outcome<IdResponse>.Invalid(errors);
        }

        var coversEcm = populations.Count > 0;
        var certified = await db.Set<ProviderCertification>().AnyAsync(c => c.PlanId == planId && c.ProviderId == provider!.Id, ct);
        var missingTraining = await training.MissingAsync(planId, provider!.Id, request.Start!.Value, ct);
        var missing = ContractRules.Missing(coversEcm, certified, missingTraining);
        if (missing.Count > 0)
        {
            return Outcome<IdResponse>.Conflict($"The contract with {provider.Name} cannot start on {request.Start:yyyy-MM-dd}; missing: " + string.Join("; ", missing) + ".");
        }

        var contract = new ProviderContract
        {
            PlanId = planId,
            ProviderId = provider.Id,
            County = request.County!.Trim(),
            Start = request.Start.Value,
            End = request.End,
            Populations = populations,
            CommunitySupports = services,
            Capacity = request.Capacity!.Value,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = Scope.UserName,
        };
        db.Add(contract);
        audit.Add("network-contract.create", null, $"/api/network/contracts/{contract.Id}", $"provider={provider.Id}; county={contract.County}");
        await db.SaveChangesAsync(ct);
        return Outcome<IdResponse>.Created(new IdResponse(contract.Id));
    }

    /// <summary>Contracts the caller is party to (a plan's own; a provider's with every plan), optionally one plan's.</summary>
    public async Task<IReadOnlyList<ContractView>> ListAsync(Guid? planFilter, CancellationToken ct)
    {
        var org = Scope.OrganizationId;
        var q = db.Set<ProviderContract>().AsNoTracking().Where(c => c.PlanId == org || c.ProviderId == org);
        if (planFilter is { } p)
        {
            q = q.Where(c => c.PlanId == p);
        }

        var list = await q.OrderBy(c => c.County).ThenBy(c => c.Start).Take(2000).ToListAsync(ct);
        var ids = list.SelectMany(c => new[] { c.PlanId, c.ProviderId }).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return [.. list.Select(c => new ContractView(c.Id, c.PlanId, names.GetValueOrDefault(c.PlanId) ?? "", c.ProviderId, names.GetValueOrDefault(c.ProviderId) ?? "",
            c.County, c.Start, c.End, c.Populations, c.CommunitySupports, c.Capacity))];
    }

    /// <summary>CBOs a plan has an active Community Supports contract with in a county on a date; null when the plan
    /// has none there, so the referral form keeps listing CBOs by the counties they serve.</summary>
    public static async Task<HashSet<Guid>?> ContractedCbosAsync(CareHubDbContext db, Guid planId, string county, DateOnly on, CancellationToken ct)
    {
        var contracts = await db.Set<ProviderContract>().AsNoTracking()
            .Where(c => c.PlanId == planId && c.County == county && c.Start <= on && (c.End == null || c.End >= on)).ToListAsync(ct);
        var ids = contracts.Where(c => c.CommunitySupports.Count > 0).Select(c => c.ProviderId).ToHashSet();
        return ids.Count == 0 ? null : ids;
    }

    /// <summary>Providers a plan has an active contract with in a county on a date for a service (ECM Population of
    /// Focus when <paramref name="communitySupport"/> is null); null when the plan has no contracts there at all, so
    /// callers keep their earlier behaviour until contracts are entered.</summary>
    public static async Task<Dictionary<Guid, ProviderContract>?> ContractedAsync(CareHubDbContext db, Guid planId, string county, DateOnly on, string? communitySupport, CancellationToken ct)
    {
        var contracts = await db.Set<ProviderContract>().AsNoTracking()
            .Where(c => c.PlanId == planId && c.County == county && c.Start <= on && (c.End == null || c.End >= on)).ToListAsync(ct);
        contracts = communitySupport is null ? [.. contracts.Where(c => c.Populations.Count > 0)] : [.. contracts.Where(c => c.CommunitySupports.Contains(communitySupport))];
        return contracts.Count == 0 ? null : contracts.GroupBy(c => c.ProviderId).ToDictionary(g => g.Key, g => g.First());
    }
}
