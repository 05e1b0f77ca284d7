using CareHub.Common;
using CareHub.Web.Features.Referrals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Referrals;

/// <summary>The CBO workspace: incoming referrals to accept or decline, members being served, and closed referrals.</summary>
[Authorize(Roles = Roles.CsProviderStaff)]
public sealed class WorkspaceModel(ReferralQueries referrals) : PageModel
{
    public IReadOnlyList<ReferralSummary> Incoming { get; private set; } = [];
    public IReadOnlyList<ReferralSummary> Active { get; private set; } = [];
    public IReadOnlyList<ReferralSummary> Done { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var all = await referrals.ListAsync("cbo", null, Request.Path, ct: HttpContext.RequestAborted);
        Incoming = [.. all.Where(r => r.Status is "approved" or "submitted" or "pended")];
        Active = [.. all.Where(r => r.Status is "accepted" or "scheduled" or "in-service")];
        Done = [.. all.Where(r => r.Status is "closed" or "declined" or "cancelled" or "denied").Take(50)];
    }
}
