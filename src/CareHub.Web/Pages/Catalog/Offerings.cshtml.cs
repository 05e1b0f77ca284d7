using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Web.Features.Catalog;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Catalog;

/// <summary>A plan administrator's own plan's offerings: add one, end one.</summary>
[Authorize(Roles = Roles.PlanAdmin)]
public sealed class OfferingsModel(OfferingService offerings, ProgramCatalog catalog, CareHubDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty] public string? County { get; set; }
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public DateOnly? Start { get; set; }
    [BindProperty] public DateOnly? End { get; set; }

    public IReadOnlyList<string> PlanCounties { get; private set; } = [];
    public IReadOnlyList<CommunitySupport> Services => catalog.CommunitySupports;
    public IReadOnlyList<OfferingDto> Mine { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(County)) { problems.Add("Choose a county."); }
        if (string.IsNullOrWhiteSpace(Service)) { problems.Add("Choose a Community Support."); }
        if (Start is null) { problems.Add("Enter the start date (January 1 or July 1)."); }
        if (problems.Count == 0)
        {
            var result = await offerings.AddAsync(User.GetOrganizationId()!.Value, County!, Service!, Start!.Value, End, User.Identity?.Name, HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                TempData["Flash"] = $"Added: {result.Value!.CommunitySupportName} in {result.Value.County} from {result.Value.Start:yyyy-MM-dd}.";
                return RedirectToPage();
            }

            problems.AddRange(result.Problems);
        }

        Problems = problems;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, DateOnly? endDate)
    {
        if (endDate is null)
        {
            TempData["Flash"] = "Enter the last day the service is offered.";
            return RedirectToPage();
        }

        var result = await offerings.EndAsync(User.GetOrganizationId()!.Value, id, endDate.Value, User.Identity?.Name, HttpContext.RequestAborted);
        TempData["Flash"] = result.Succeeded ? $"Offering ends {endDate:yyyy-MM-dd}." : string.Join(" ", result.Problems);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var planId = User.GetOrganizationId();
        PlanCounties = await db.Organizations.Where(o => o.Id == planId).Select(o => o.Counties).FirstOrDefaultAsync() ?? [];
        Mine = await offerings.ListAsync(null, null, planId, HttpContext.RequestAborted);
        Start ??= NextStart(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
    }

    private static DateOnly NextStart(DateOnly today) => today.Month < 7 ? new DateOnly(today.Year, 7, 1) : new DateOnly(today.Year + 1, 1, 1);
}
