using CareHub.Common;
using CareHub.Web.Features.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>The provider network's start page: for a plan, the readiness dashboard and the letters of interest to
/// answer; for a provider, its letters and applications with every plan.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class IndexModel(LettersOfInterest letters, ApplicationQueries applications, ReadinessDashboard readiness, ApplicationWriter writer) : PageModel
{
    public bool IsPlan { get; private set; }
    public LetterList Letters { get; private set; } = new([]);
    public IReadOnlyList<ApplicationSummary> Applications { get; private set; } = [];
    public ReadinessView? Readiness { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRespondAsync(Guid letterId, string? decision, string? note)
    {
        var result = await letters.RespondAsync(letterId, new LetterDecisionRequest(decision, note), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = decision == "invite" ? "Invitation sent: the provider can now apply." : "Letter declined; the provider sees your reason.";
            return RedirectToPage();
        }

        Problem = NetworkLabels.Errors(result.Errors, result.Message);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(Guid letterId, Guid planId)
    {
        var result = await writer.StartAsync(new NewApplicationRequest(letterId, planId), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            return RedirectToPage("/Network/Application", new { id = result.Value!.Id });
        }

        Problem = NetworkLabels.Errors(result.Errors, result.Message);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        IsPlan = User.GetOrganizationType() == OrganizationType.Plan;
        var ct = HttpContext.RequestAborted;
        Letters = await letters.ListAsync(ct);
        Applications = await applications.ListAsync(null, ct);
        if (IsPlan)
        {
            Readiness = await readiness.BuildAsync(ct);
        }
    }
}
