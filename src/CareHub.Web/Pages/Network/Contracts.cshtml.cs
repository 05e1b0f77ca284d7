using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Web.Accessibility;
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
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The contract as sent, kept when it comes back with errors.</summary>
    public ContractRequest? Sent { get; private set; }

    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["providerId"] = ("providerId", "Provider"),
        ["county"] = ("county", "County"),
        ["start"] = ("start", "Start"),
        ["end"] = ("end", "End"),
        ["capacity"] = ("capacity", "Capacity"),
        ["populations"] = ("populations", "ECM Populations of Focus"),
        ["communitySupports"] = ("communitySupports", "Community Supports"),
    };

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Guid? providerId, string? county, DateOnly? start, DateOnly? end, List<string>? populations, List<string>? communitySupports, int? capacity)
    {
        if (!CanCreate)
        {
            return Forbid();
        }

        Sent = new ContractRequest(providerId, county, start, end, populations, communitySupports, capacity);
        var result = await contracts.CreateAsync(Sent, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = "Contract added.";
            return RedirectToPage();
        }

        // Missing values are asked for in the page's words and in the format the fields show; the rest as the use case says.
        var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Value);
        void Plain(string key, bool when, string message)
        {
            if (when && errors.ContainsKey(key))
            {
                errors[key] = [message];
            }
        }

        Plain("providerId", providerId is null, "Choose the provider.");
        Plain("start", start is null, "Give the start date (mm/dd/yyyy).");
        Plain("end", end is not null && start is not null && end < start, $"The end date is before the start date, {start:MM/dd/yyyy}.");
        Plain("capacity", capacity is null or < 1, "Give how many members the provider can serve under the contract (1 to 100,000).");
        Plain("populations", (populations ?? []).Count == 0 && (communitySupports ?? []).Count == 0, "Choose at least one Population of Focus or Community Support.");
        FormErrors = new FormErrors().AddProblems(errors.Count > 0 ? errors : null, result.Message, _fields, "The contract was not added.")
            .OrderBy([.. _fields.Values.Select(f => f.Id)]);
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
