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

        AddPolicies(data, now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Medically tailored meals criteria are each plan's own: the first plan follows one published example
    /// (diet-sensitive condition with hospital or ED use), the second another (a list of conditions) and caps housing
    /// deposits in dollars. The first plan keeps the state's limits everywhere.</summary>
    private void AddPolicies(DemoDataSet data, DateTimeOffset now)
    {
        db.Add(new PlanPolicyRecord
        {
            PlanId = data.Plans[0].Id,
            CommunitySupportCode = "medically-tailored-meals",
            EffectiveFrom = new DateOnly(2022, 1, 1),
            CriteriaJson = """
                {"kind": "all-of", "criteria": [
                  {"kind": "diagnosis", "codeList": "diet-sensitive-conditions", "codes": ["I50", "N18", "E10", "E11"], "windowMonths": 12,
                   "note": "Heart failure, chronic kidney disease or diabetes. ICD-10 list chosen as a data proxy."},
                  {"kind": "event-count", "events": ["ed-visit", "inpatient-admission"], "min": 1, "windowMonths": 12,
                   "note": "Hospital or ED use in the last 12 months."}]}
                """,
            Source = "Plan policy following L.A. Care's published criteria: https://lacare.org/providers/provider-resources/community-supports/meals",
            ChangedAt = now,
            ChangedBy = "demo",
        });
        db.Add(new PlanPolicyRecord
        {
            PlanId = data.Plans[1].Id,
            CommunitySupportCode = "medically-tailored-meals",
            EffectiveFrom = new DateOnly(2022, 7, 1),
            CriteriaJson = """
                {"kind": "diagnosis", "codeList": "diet-sensitive-conditions", "codes": ["O24.4", "E66", "N18.6", "E10", "E11", "I50"], "windowMonths": 12,
                 "note": "Gestational diabetes, obesity, end-stage renal disease, diabetes or heart failure. ICD-10 list chosen as a data proxy."}
                """,
            Source = "Plan policy following Contra Costa Health Plan's published criteria: https://cchealth.org/health-insurance/my-contra-costa-health-plan/member-services/enhanced-care-management",
            ChangedAt = now,
            ChangedBy = "demo",
        });
        db.Add(new PlanPolicyRecord
        {
            PlanId = data.Plans[1].Id,
            CommunitySupportCode = "housing-deposits",
            EffectiveFrom = new DateOnly(2023, 1, 1),
            LimitsJson = """[{"kind": "lifetime", "quantity": 5000, "unit": "dollars", "period": "lifetime", "note": "The plan's own cap; DHCS sets no statewide dollar cap."}]""",
            Source = "Plan policy (demo): housing deposits up to $5,000 per lifetime",
            ChangedAt = now,
            ChangedBy = "demo",
        });
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
