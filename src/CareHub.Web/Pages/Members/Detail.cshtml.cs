using CareHub.Common;
using CareHub.Web.Features.Identification;
using CareHub.Web.Features.Members;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Members;

[Authorize(Roles = Roles.MemberViewers)]
public sealed class DetailModel(MemberQueries members, IdentificationQueries identification, TimeProvider clock) : PageModel
{
    public MemberDetail Member { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public RunSummary? IdentificationRun { get; private set; }
    public IReadOnlyList<DeterminationRow> Determinations { get; private set; } = [];

    /// <summary>A Community Supports provider sees identity, contact and its referrals, not the care record.</summary>
    public bool ShowsRecord => !User.IsInRole(Roles.CsProviderStaff);

    public async Task<IActionResult> OnGetAsync(Guid memberId)
    {
        var member = await members.GetAsync(memberId, Request.Path, HttpContext.RequestAborted);
        if (member is null)
        {
            return NotFound();
        }

        Member = member;
        (IdentificationRun, Determinations) = await identification.ForMemberAsync(memberId, HttpContext.RequestAborted);
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Page();
    }
}
