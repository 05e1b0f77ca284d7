using CareHub.Catalog;
using CareHub.Common;
using CareHub.Exchange;
using CareHub.Network;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Network;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>A provider keeps its registry profile: type, NPI (check digit verified), TIN, sites, counties, Populations
/// of Focus, Community Supports, languages and capacity. Plans read it on applications and rosters.</summary>
[Authorize(Roles = Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class ProfileModel(ProviderProfiles profiles, ProgramCatalog catalog, TimeProvider clock) : PageModel
{
    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["providerType"] = ("ProviderType", "Provider type"),
        ["npi"] = ("Npi", "NPI"),
        ["tin"] = ("Tin", "Tax id (TIN)"),
        ["sites"] = ("Sites", "Sites"),
        ["counties"] = ("Counties", "Counties served"),
        ["populations"] = ("Populations", "Populations of Focus"),
        ["communitySupports"] = ("CommunitySupports", "Community Supports"),
        ["languages"] = ("Languages", "Languages"),
        ["capacity"] = ("Capacity", "Capacity"),
    };

    public ProviderProfileView? Current { get; private set; }
    public bool IsEcm => User.IsInRole(Roles.EcmProviderStaff);
    public IReadOnlyDictionary<string, string> Types => IsEcm ? ProviderTypes.Ecm : ProviderTypes.CommunitySupports;
    public IReadOnlyList<string> AllCounties => CaliforniaCounties.Names;
    public IReadOnlyList<(string Code, string Name)> AllPopulations { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> AllCommunitySupports { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    [BindProperty] public string? ProviderType { get; set; }
    [BindProperty] public string? Npi { get; set; }
    [BindProperty] public string? Tin { get; set; }
    /// <summary>One site a line: as many as the registry takes, each as long as it takes.</summary>
    public const int MaxSitesText = ProviderRegistry.MaxSites * (ProviderRegistry.MaxText + 2);

    [BindProperty, System.ComponentModel.DataAnnotations.MaxLength(MaxSitesText)] public string? Sites { get; set; }
    [BindProperty] public List<string> Counties { get; set; } = [];
    [BindProperty] public List<string> Populations { get; set; } = [];
    [BindProperty] public List<string> CommunitySupports { get; set; } = [];
    [BindProperty] public string? Languages { get; set; }
    [BindProperty] public string? Capacity { get; set; }
    [BindProperty] public bool FormerHealthHomes { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var result = await profiles.GetAsync(null, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return Forbid();
        }

        Current = result.Value!;
        (ProviderType, Npi, Tin, Sites) = (Current.ProviderType, Current.Npi, Current.Tin, string.Join('\n', Current.Sites));
        (Counties, Populations, CommunitySupports) = ([.. Current.Counties], [.. Current.Populations], [.. Current.CommunitySupports]);
        (Languages, Capacity, FormerHealthHomes) = (string.Join(", ", Current.Languages), Current.Capacity?.ToString(System.Globalization.CultureInfo.InvariantCulture), Current.FormerHealthHomes);
        LoadChoices();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        int? capacity = null;
        var form = new FormErrors();
        if (!string.IsNullOrWhiteSpace(Capacity))
        {
            if (int.TryParse(Capacity.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c))
            {
                capacity = c;
            }
            else
            {
                form.Add("Capacity", "Capacity", $"'{Capacity}' is not a whole number of members.");
            }
        }

        var input = new ProviderProfileInput(ProviderType, Npi, Tin, (Sites ?? "").Split('\n'), Counties, Populations, CommunitySupports,
            (Languages ?? "").Split(','), capacity, FormerHealthHomes);
        if (!form.Any)
        {
            var result = await profiles.SaveAsync(input, HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                TempData["Flash"] = $"Profile saved ({clock.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm} UTC). Plans see it on your applications and rosters.";
                return RedirectToPage();
            }

            foreach (var (key, messages) in result.Errors ?? new Dictionary<string, string[]>())
            {
                var (id, label) = _fields.GetValueOrDefault(key, (key, key));
                form.Add(id, label, string.Join(" ", messages));
            }

            if (result.Errors is null)
            {
                form.Add(null, null, result.Message ?? "The profile was not saved.");
            }
        }

        FormErrors = form.OrderBy([.. _fields.Values.Select(f => f.Id)]);
        Current = (await profiles.GetAsync(null, HttpContext.RequestAborted)).Value;
        LoadChoices();
        return Page();
    }

    private void LoadChoices()
    {
        AllPopulations = [.. catalog.Populations.Select(p => (p.Code, p.Name))];
        AllCommunitySupports = [.. catalog.CommunitySupports.Select(c => (c.Code, c.Name))];
    }
}
