using System.Text.Json;
using CareHub.Catalog;
using CareHub.Data;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Catalog;

public static class CatalogSetup
{
    /// <summary>Loads the catalog once (the embedded files, or <c>CareHub:Catalog:Directory</c>) and registers the
    /// catalog's services. A catalog that does not validate stops start-up with the loader's messages.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        var directory = configuration["CareHub:Catalog:Directory"];
        var result = string.IsNullOrWhiteSpace(directory) ? CatalogLoader.LoadEmbedded() : CatalogLoader.LoadDirectory(directory);
        if (result.Catalog is null)
        {
            throw new InvalidOperationException("The program catalog is invalid:" + Environment.NewLine
                + string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString())));
        }

        services.AddSingleton(result.Catalog);
        services.AddScoped<OfferingService>();
        services.AddScoped<PlanPolicyService>();
        services.AddScoped<Demo.IDemoDataContributor, CatalogDemoData>();
        return services;
    }

    /// <summary>Stores this catalog release in the database unless it is already there, so the history is kept.</summary>
    public static async Task StoreReleaseAsync(CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock, CancellationToken ct = default)
    {
        if (await db.CatalogReleases.AnyAsync(r => r.ContentHash == catalog.ContentHash, ct))
        {
            return;
        }

        db.CatalogReleases.Add(new CatalogRelease
        {
            CatalogVersion = catalog.CatalogVersion,
            ContentHash = catalog.ContentHash,
            LoadedAt = clock.GetUtcNow(),
            FilesJson = JsonSerializer.Serialize(catalog.SourceFiles),
        });
        await db.SaveChangesAsync(ct);
    }
}
