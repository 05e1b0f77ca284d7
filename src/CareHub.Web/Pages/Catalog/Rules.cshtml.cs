using CareHub.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Catalog;

/// <summary>A rule's history: every version of one Population of Focus or Community Support.</summary>
public sealed class RulesModel(ProgramCatalog catalog) : PageModel
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public PopulationOfFocus? Population { get; private set; }
    public CommunitySupport? Service { get; private set; }

    public IActionResult OnGet(string code)
    {
        Code = code;
        Population = catalog.FindPopulation(code);
        Service = catalog.FindCommunitySupport(code);
        if (Population is null && Service is null)
        {
            return NotFound();
        }

        Name = Population?.Name ?? Service!.Name;
        return Page();
    }
}
