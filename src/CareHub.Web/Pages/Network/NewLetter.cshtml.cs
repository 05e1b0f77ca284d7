using CareHub.Common;
using CareHub.Data;
using CareHub.Demo;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Network;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Network;

/// <summary>A provider writes one letter of interest and addresses it to one or several plans.</summary>
[Authorize(Roles = Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class NewLetterModel(CareHubDbContext db, LettersOfInterest letters) : PageModel
{
    public sealed record PlanOption(Guid Id, string Name, IReadOnlyList<string> Counties);

    public IReadOnlyList<PlanOption> Plans { get; private set; } = [];
    public IReadOnlyList<string> Counties { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["planIds"] = ("PlanIds", "Plans"),
        ["counties"] = ("SelectedCounties", "Counties you would serve"),
        ["message"] = ("Message", "Message"),
    };

    [BindProperty] public List<Guid> PlanIds { get; set; } = [];
    [BindProperty] public List<string> SelectedCounties { get; set; } = [];
    [BindProperty] public string? Message { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await letters.SendAsync(new LetterRequest(PlanIds, SelectedCounties, Message), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Letter of interest sent to {PlanIds.Count} plan{(PlanIds.Count == 1 ? "" : "s")}. Each plan answers on its own.";
            return RedirectToPage("/Network/Index");
        }

        var form = new FormErrors();
        // Nothing chosen is said in the page's words; other problems come from the use case, all in one pass.
        var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Value);
        if (PlanIds.Count == 0 && errors.ContainsKey("planIds"))
        {
            errors["planIds"] = ["Choose at least one plan to send the letter to."];
        }

        if (SelectedCounties.Count == 0 && errors.ContainsKey("counties"))
        {
            errors["counties"] = ["Choose at least one county you would serve."];
        }

        FormErrors = form.AddProblems(errors.Count > 0 ? errors : null, result.Message, _fields, "The letter was not sent.")
            .OrderBy([.. _fields.Values.Select(f => f.Id)]);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var plans = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Plan).OrderBy(o => o.Name).ToListAsync(HttpContext.RequestAborted);
        Plans = [.. plans.Select(p => new PlanOption(p.Id, p.Name, p.Counties))];
        Counties = [.. DemoDataGenerator.Counties.Select(c => c.Name).Concat(plans.SelectMany(p => p.Counties)).Distinct().Order()];
    }
}
