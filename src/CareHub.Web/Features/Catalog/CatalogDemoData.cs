using CareHub.Catalog;
using CareHub.Data;
using CareHub.Demo;
using CareHub.Web.Demo;

namespace CareHub.Web.Features.Catalog;

/// <summary>Demo offerings: the first plan offers every Community Support in every demo county; the second plan a
/// few in the county both plans share, on the January/July start dates plans use.</summary>
public sealed class CatalogDemoData(CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock) : IDemoDataContributor
{
    public int Order => 10;

    private static readonly string[] _secondPlanServices =
        ["housing-transition-navigation", "housing-deposits", "medically-tailored-meals", "recuperative-care", "sobering-center"];

    public async Task SeedAsync(DemoDataSet data, CancellationToken ct)
    {
        await CatalogSetup.StoreReleaseAsync(db, catalog, clock, ct);
        var now = clock.GetUtcNow();
        foreach (var service in catalog.CommunitySupports)
        {
            var start = FirstStart(service.Versions.Min(v => v.EffectiveFrom), new DateOnly(2022, 1, 1));
            foreach (var county in data.Plans[0].Counties)
            {
                db.PlanOfferings.Add(new PlanOfferingRecord
                {
                    PlanId = data.Plans[0].Id,
                    County = county,
                    CommunitySupportCode = service.Code,
                    Start = start,
                    CreatedAt = now,
                    CreatedBy = "demo",
                });
            }

            if (_secondPlanServices.Contains(service.Code))
            {
                db.PlanOfferings.Add(new PlanOfferingRecord
                {
                    PlanId = data.Plans[1].Id,
                    County = data.Plans[1].Counties[0],
                    CommunitySupportCode = service.Code,
                    Start = FirstStart(service.Versions.Min(v => v.EffectiveFrom), service.Code == "sobering-center" ? new DateOnly(2023, 1, 1) : new DateOnly(2022, 7, 1)),
                    CreatedAt = now,
                    CreatedBy = "demo",
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The first January 1 or July 1 on or after both dates.</summary>
    private static DateOnly FirstStart(DateOnly available, DateOnly notBefore)
    {
        var d = available > notBefore ? available : notBefore;
        if (PlanOfferingRules.IsOfferingStartDate(d))
        {
            return d;
        }

        return d.Month < 7 ? new DateOnly(d.Year, 7, 1) : new DateOnly(d.Year + 1, 1, 1);
    }
}
