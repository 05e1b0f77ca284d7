using CareHub.Common;
using CareHub.Web.Features.Referrals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Referrals;

/// <summary>After a member moved to this plan or county: moves the member's open referrals here (form post from the member page).</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class FollowModel(FollowMember follow) : PageModel
{
    public IActionResult OnGet(Guid member) => Redirect($"/members/{member}");

    public async Task<IActionResult> OnPostAsync(Guid member)
    {
        var result = await follow.HandleAsync(member, HttpContext.RequestAborted);
        if (result.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        TempData["Flash"] = result.Succeeded
            ? $"{result.Value} open referral(s) now with your plan and the member's county."
            : result.Message;
        return Redirect($"/members/{member}");
    }
}
