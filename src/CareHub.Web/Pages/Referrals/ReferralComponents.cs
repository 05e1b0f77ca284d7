using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Referrals;

/// <summary>The member page's Community Supports section: the member's referrals and their use of each limit.</summary>
public sealed class MemberReferralsViewComponent(ReferralQueries referrals) : ViewComponent
{
    public sealed record Model(Guid MemberId, IReadOnlyList<ReferralSummary> Referrals, IReadOnlyList<UsageDto> Usage, int OpenElsewhere);

    public async Task<IViewComponentResult> InvokeAsync(Guid memberId, string county)
    {
        var list = await referrals.ForMemberAsync(memberId, $"/members/{memberId}", HttpContext.RequestAborted, auditRead: false);
        var usage = await referrals.UsageAsync(memberId, HttpContext.RequestAborted);
        var org = HttpContext.User.GetOrganizationId();
        var isPlan = HttpContext.User.GetOrganizationType() == OrganizationType.Plan;
        var openElsewhere = isPlan
            ? list.Count(r => (r.PlanId != org || !string.Equals(r.County, county, StringComparison.OrdinalIgnoreCase))
                && ReferralStatuses.TryParse(r.Status, out var s) && !s.IsFinal())
            : 0;
        return View("/Pages/Referrals/_MemberReferrals.cshtml", new Model(memberId, list, usage, openElsewhere));
    }
}

/// <summary>Home-page cards for referrals, by role.</summary>
public sealed class ReferralCardsViewComponent(CareHubDbContext db, TimeProvider clock) : ViewComponent
{
    public sealed record Card(string Href, int Count, string Label);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = HttpContext.User;
        var org = user.GetOrganizationId();
        var role = user.GetRole();
        var now = clock.GetUtcNow();
        var cards = new List<Card>();
        var mine = db.Referrals.AsNoTracking();
        if (role is Roles.PlanAdmin or Roles.PlanCareManager)
        {
            var waiting = mine.Where(r => r.PlanId == org && (r.Status == ReferralStatus.Submitted || r.Status == ReferralStatus.Pended));
            cards.Add(new Card("/referrals/queue", await waiting.CountAsync(), "referrals waiting for authorization"));
            cards.Add(new Card("/referrals/queue", (await waiting.Select(r => r.DecisionDueAt).ToListAsync()).Count(d => d < now), "authorizations overdue"));
            cards.Add(new Card("/referrals", await mine.CountAsync(r => r.ReferringOrganizationId == org), "referrals your plan sent"));
        }
        else if (role == Roles.CsProviderStaff)
        {
            cards.Add(new Card("/referrals/workspace", await mine.CountAsync(r => r.CboId == org && r.Status == ReferralStatus.Approved), "incoming referrals to accept"));
            cards.Add(new Card("/referrals/workspace#active", await mine.CountAsync(r => r.CboId == org && (r.Status == ReferralStatus.Accepted || r.Status == ReferralStatus.Scheduled || r.Status == ReferralStatus.InService)), "members you are serving"));
        }
        else if (role == Roles.EcmProviderStaff)
        {
            cards.Add(new Card("/referrals", await mine.CountAsync(r => r.ReferringOrganizationId == org), "Community Supports referrals you sent"));
        }

        return View("/Pages/Referrals/_ReferralCards.cshtml", cards);
    }
}
