using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Catalog;

public sealed class IndexModel(ProgramCatalog catalog, CareHubDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? AsOf { get; set; }

    public DateOnly Date { get; private set; }
    public IReadOnlyList<PopulationAsOf> Populations { get; private set; } = [];
    public IReadOnlyList<CommunitySupportAsOf> CommunitySupports { get; private set; } = [];
    public string CatalogVersion => catalog.CatalogVersion;
    public IReadOnlyList<EcmNote> EcmNotes => catalog.EcmNotes;

    /// <summary>The signed-in plan's own policies in effect on the date (none for other organizations).</summary>
    public IReadOnlyList<PlanPolicy> PlanPolicies { get; private set; } = [];

    public IEnumerable<PlanPolicy> PolicyFor(string code) => PlanPolicies.Where(p => p.CommunitySupportCode == code);

    public void OnGet()
    {
        Date = AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Populations = catalog.PopulationsAsOf(Date);
        CommunitySupports = catalog.CommunitySupportsAsOf(Date);
        if (User.GetOrganizationType() == OrganizationType.Plan && User.GetOrganizationId() is { } plan)
        {
            PlanPolicies = [.. db.Set<PlanPolicyRecord>().Where(p => p.PlanId == plan).AsEnumerable().Select(p => p.ToPolicy()).Where(p => p.Covers(Date))];
        }
    }
}
