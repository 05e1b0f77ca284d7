using CareHub.Common;
using CareHub.Ecm;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Ecm;

/// <summary>The plan's own ECM rules: decision clock, unable to reach, discharge follow-up, reassessment, stuck.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class SettingsModel(EcmLookups lookups, SaveEcmSettings save) : PageModel
{
    [BindProperty] public EcmPlanSettings Values { get; set; } = new();
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public bool CanEdit => User.GetRole() == Roles.PlanAdmin;

    public async Task OnGetAsync() => Values = await lookups.SettingsAsync(User.GetOrganizationId()!.Value, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        var result = await save.HandleAsync(Values, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = "ECM rules saved.";
            return RedirectToPage();
        }

        Problems = result.Errors is { Count: > 0 } e ? [.. e.Values.SelectMany(v => v)] : [result.Message ?? "Not saved."];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
