using CareHub.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Catalog;

public sealed class IndexModel(ProgramCatalog catalog, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? AsOf { get; set; }

    public DateOnly Date { get; private set; }
    public IReadOnlyList<PopulationAsOf> Populations { get; private set; } = [];
    public IReadOnlyList<CommunitySupportAsOf> CommunitySupports { get; private set; } = [];
    public string CatalogVersion => catalog.CatalogVersion;

    public void OnGet()
    {
        Date = AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Populations = catalog.PopulationsAsOf(Date);
        CommunitySupports = catalog.CommunitySupportsAsOf(Date);
    }
}
