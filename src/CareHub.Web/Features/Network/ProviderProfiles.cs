using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Exchange;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>A provider's registry entry as the API and the profile page show it.</summary>
public sealed record ProviderProfileView(
    Guid ProviderId,
    string Name,
    string OrganizationType,
    string ProviderType,
    string ProviderTypeLabel,
    string? Npi,
    string? Tin,
    IReadOnlyList<string> Sites,
    IReadOnlyList<string> Counties,
    IReadOnlyList<string> Populations,
    IReadOnlyList<string> CommunitySupports,
    IReadOnlyList<string> Languages,
    int? Capacity,
    bool FormerHealthHomes,
    DateTimeOffset? UpdatedAt);

/// <summary>
/// The provider registry: an ECM provider or CBO keeps its own entry (type, NPI, TIN, sites, counties, Populations of
/// Focus, Community Supports, languages, capacity); plans read any provider's entry. Every input is checked by
/// <see cref="ProviderRegistry"/> with the field named, and the organization record, the profile and the audit entry
/// are saved together.
/// </summary>
public sealed class ProviderProfiles(CareHubDbContext db, ProgramCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<ProviderProfileView>> GetAsync(Guid? providerId, CancellationToken ct)
    {
        var scope = db.Scope;
        var isProvider = scope.OrganizationType is OrganizationType.EcmProvider or OrganizationType.Cbo;
        if (!isProvider && scope.OrganizationType != OrganizationType.Plan)
        {
            return Outcome<ProviderProfileView>.Forbidden("Provider profiles are for providers (their own) and plans.");
        }

        var id = isProvider ? scope.OrganizationId : providerId;
        if (isProvider && providerId is not null && providerId != scope.OrganizationId)
        {
            return Outcome<ProviderProfileView>.NotFound("A provider reads only its own profile.");
        }

        if (id is null)
        {
            return Outcome<ProviderProfileView>.Invalid("providerId", "Give the provider's id.");
        }

        var view = await ViewAsync(id.Value, ct);
        return view is null ? Outcome<ProviderProfileView>.NotFound($"No ECM provider or Community Supports provider {id}.") : Outcome<ProviderProfileView>.Ok(view);
    }

    public async Task<Outcome<ProviderProfileView>> SaveAsync(ProviderProfileInput? input, CancellationToken ct)
    {
        var scope = db.Scope;
        if (scope.OrganizationType is not (OrganizationType.EcmProvider or OrganizationType.Cbo) || scope.OrganizationId is not { } orgId)
        {
            return Outcome<ProviderProfileView>.Forbidden("Only a provider's own staff change its registry profile.");
        }

        if (input is null)
        {
            return Outcome<ProviderProfileView>.Invalid("body", "Send the profile as JSON.");
        }

        var errors = ProviderRegistry.Validate(input, scope.OrganizationType.Value, CaliforniaCounties.Names,
            [.. catalog.Populations.Select(p => p.Code)], [.. catalog.CommunitySupports.Select(c => c.Code)]);
        if (errors.Count > 0)
        {
            return Outcome<ProviderProfileView>.Invalid(errors);
        }

        var org = await db.Organizations.FirstAsync(o => o.Id == orgId, ct);
        var profile = await db.Set<ProviderProfile>().FirstOrDefaultAsync(p => p.OrganizationId == orgId, ct);
        if (profile is null)
        {
            profile = new ProviderProfile { OrganizationId = orgId };
            db.Add(profile);
        }

        org.Npi = input.Npi!.Trim();
        org.Counties = ProviderRegistry.Clean(input.Counties);
        org.Languages = ProviderRegistry.Clean(input.Languages);
        org.Capacity = input.Capacity;
        profile.ProviderType = input.ProviderType!.Trim();
        profile.Tin = ProviderRegistry.NormalizeTin(input.Tin);
        profile.Sites = ProviderRegistry.Clean(input.Sites);
        profile.Populations = scope.OrganizationType == OrganizationType.EcmProvider ? ProviderRegistry.Clean(input.Populations) : [];
        profile.CommunitySupports = ProviderRegistry.Clean(input.CommunitySupports);
        profile.FormerHealthHomes = input.FormerHealthHomes ?? profile.FormerHealthHomes;
        profile.UpdatedAt = clock.GetUtcNow();
        audit.Add("network-profile.update", null, "/api/network/profile", $"npi={org.Npi}; type={profile.ProviderType}; counties={string.Join('|', org.Counties)}");
        await db.SaveChangesAsync(ct);
        return Outcome<ProviderProfileView>.Ok((await ViewAsync(orgId, ct))!);
    }

    private async Task<ProviderProfileView?> ViewAsync(Guid id, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking()
            .FirstOrDefaultAsync(o => o.Id == id && (o.Type == OrganizationType.EcmProvider || o.Type == OrganizationType.Cbo), ct);
        if (org is null)
        {
            return null;
        }

        var p = await db.Set<ProviderProfile>().AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == id, ct);
        return new ProviderProfileView(org.Id, org.Name, org.Type == OrganizationType.EcmProvider ? "ecm-provider" : "cbo", p?.ProviderType ?? "other",
            ProviderTypes.Label(p?.ProviderType ?? "other"), org.Npi, p?.Tin, p?.Sites ?? [], org.Counties, p?.Populations ?? [], p?.CommunitySupports ?? [],
            org.Languages, org.Capacity, p?.FormerHealthHomes ?? false, p?.UpdatedAt);
    }
}
