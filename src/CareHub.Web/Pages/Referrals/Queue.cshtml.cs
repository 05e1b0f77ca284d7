using CareHub.Common;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Referrals;

/// <summary>The plan's authorization queue with the decision clocks; plan administrators set the clocks here.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class QueueModel(ReferralQueries referrals) : PageModel
{
    public IReadOnlyList<ReferralSummary> Items { get; private set; } = [];
    public int RoutineHours { get; private set; }
    public int ExpeditedHours { get; private set; }
    public IReadOnlyList<ReferralQueries.TimeInStatus> TimeInStatus { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostClocksAsync(int routineHours, int expeditedHours, [FromServices] UpdateDecisionClocks update)
    {
        if (User.GetRole() != Roles.PlanAdmin)
        {
            return Forbid();
        }

        var result = await update.HandleAsync(routineHours, expeditedHours, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Decision clocks: routine {routineHours} h, expedited {expeditedHours} h (new referrals).";
            return RedirectToPage();
        }

        Problems = [.. (result.Errors ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value)];
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Items = await referrals.QueueAsync(Request.Path, HttpContext.RequestAborted);
        var settings = await referrals.SettingsAsync(User.GetOrganizationId() ?? Guid.Empty, HttpContext.RequestAborted);
        RoutineHours = settings.RoutineHours;
        ExpeditedHours = settings.ExpeditedHours;
        TimeInStatus = await referrals.TimeInStatusAsync(HttpContext.RequestAborted);
    }
}
