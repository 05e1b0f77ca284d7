using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Web.Features.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Network;

/// <summary>The plan's contracts with providers, and a form to add one (refused, naming what is missing, while
/// the provider is not certified or trained).</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class ContractsModel(ProviderContracts contracts, CareHubDbContext db, ProgramCatalog catalog) : PageModel
{
    public IReadOnlyList<ContractView> Items { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name, string Type)> Providers { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Populations { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Services { get; private set; } = [];
    public IReadOnlyList<string> Counties { get; private set; } = [];
    public bool CanCreate => User.GetRole() == Roles.PlanAdmin;
    public string? Problem { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Guid? providerId, string? county, DateOnly? start, DateOnly? end, List<string>? populations, List<string>? communitySupports, int? capacity)
    {
        if (!CanCreate)
        {
            return Forbid();
        }

        var result = await contracts.CreateAsync(new ContractRequest(providerId, county, start, end, populations, communitySupports, capacity), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = "Contract added.";
            return RedirectToPage();
        }

        Problem = NetworkLabels.Errors(result.Errors, result.Message);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Items = await contracts.ListAsync(null, ct);
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.EcmProvider || o.Type == OrganizationType.Cbo).OrderBy(o => o.Name).ToListAsync(ct);
        Providers = [.. orgs.Select(o => (o.Id, o.Name, o.Type.DisplayName()))];
        Populations = [.. catalog.Populations.Select(p => (p.Code, p.Name))];
        Services = [.. catalog.CommunitySupports.Select(s => (s.Code, s.Name))];
        var planId = User.GetOrganizationId();
        Counties = await db.Organizations.AsNoTracking().Where(o => o.Id == planId).Select(o => o.Counties).FirstOrDefaultAsync(ct) ?? [];
    }
}
