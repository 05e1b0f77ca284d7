using CareHub.Common;
using CareHub.Referrals;
using CareHub.Web.Features.Referrals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Referrals;

/// <summary>The referrals the caller's organization takes part in: sent, authorized by its plan, or sent to it.</summary>
[Authorize(Roles = Roles.MemberViewers)]
public sealed class IndexModel(ReferralQueries referrals) : PageModel
{
    public string? Status { get; private set; }
    public IReadOnlyList<ReferralSummary> Items { get; private set; } = [];

    public async Task OnGetAsync(string? status)
    {
        Status = ReferralStatuses.TryParse(status, out var parsed) ? parsed.ToCode() : null;
        Items = await referrals.ListAsync(null, Status is null ? null : parsed, Request.Path + Request.QueryString, ct: HttpContext.RequestAborted);
    }
}
