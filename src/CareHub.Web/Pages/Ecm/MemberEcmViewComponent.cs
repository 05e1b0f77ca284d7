using CareHub.Data;
using CareHub.Ecm;
using CareHub.Organizations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Ecm;

public sealed record MemberEcmSummary(Guid MemberId, EcmCaseSummary? Current, int Count);

public sealed record EcmCaseSummary(Guid Id, EcmStatus Status, string? ProviderName, DateTimeOffset ReferredAt);

/// <summary>The member page's ECM section: the member's current (or latest) case. Scoped by the data layer.</summary>
public sealed class MemberEcmViewComponent(CareHubDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid memberId)
    {
        var cases = await db.Set<EcmCase>().AsNoTracking().Where(c => c.MemberId == memberId).OrderByDescending(c => c.OpenMemberId != null).ThenByDescending(c => c.ReferredAt)
            .Select(c => new { c.Id, c.Status, c.ProviderId, c.ReferredAt }).ToListAsync();
        EcmCaseSummary? current = null;
        if (cases.FirstOrDefault() is { } first)
        {
            var provider = first.ProviderId is { } p ? await db.Set<Organization>().Where(o => o.Id == p).Select(o => o.Name).FirstOrDefaultAsync() : null;
            current = new EcmCaseSummary(first.Id, first.Status, provider, first.ReferredAt);
        }

        return View("/Pages/Ecm/_MemberEcm.cshtml", new MemberEcmSummary(memberId, current, cases.Count));
    }
}
