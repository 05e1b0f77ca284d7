using CareHub.Common;
using CareHub.Ecm;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace CareHub.Web.Pages.Ecm;

public sealed record EcmHomeCards(bool IsPlan, int Referred, CappedCount OverdueDecisions, CappedCount Stuck, int TasksDue, int TasksOverdue, CaseloadRow? Caseload);

/// <summary>The home page's ECM cards for plan staff and ECM providers.</summary>
public sealed class EcmHomeCardsViewComponent(EcmQueries queries) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = HttpContext.User;
        var type = user.GetOrganizationType();
        if (type is not (OrganizationType.Plan or OrganizationType.EcmProvider))
        {
            return Content("");
        }

        var ct = HttpContext.RequestAborted;
        var counts = await queries.CountsAsync(ct);
        var tasks = await queries.TaskCountsAsync(ct);
        var caseload = type == OrganizationType.EcmProvider ? (await queries.CaseloadAsync(ct)).FirstOrDefault() : null;
        return View("/Pages/Ecm/_HomeCards.cshtml", new EcmHomeCards(type == OrganizationType.Plan, counts.ByStatus.GetValueOrDefault(EcmStatus.Referred.ToCode()), counts.OverdueDecisions, counts.Stuck,
            tasks.Overdue + tasks.Today, tasks.Overdue, caseload));
    }
}
