using CareHub.Common;
using CareHub.Ecm;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Ecm;

/// <summary>The plan's ECM queue (referrals awaiting a decision with the clock, stuck cases) or the provider's caseload.</summary>
[Authorize(Roles = Roles.PlanAdmin + "," + Roles.PlanCareManager + "," + Roles.EcmProviderStaff)]
public sealed class IndexModel(EcmQueries queries, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool Stuck { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    public int PageNumber => ListPage.Number(Request);

    public Paged<CaseRow> Result { get; private set; } = new([], 0, 1, 25);
    public IReadOnlyDictionary<string, int> ByStatus { get; private set; } = new Dictionary<string, int>();
    public CappedCount OverdueDecisions { get; private set; }
    public CappedCount StuckCount { get; private set; }
    public CaseloadRow? Caseload { get; private set; }
    public bool IsPlan => User.GetOrganizationType() == OrganizationType.Plan;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (Status is { Length: > 0 } s && s != "open" && !EcmStatus.IsKnown(s))
        {
            Status = null;
        }

        Status ??= IsPlan ? EcmStatus.Referred.ToCode() : "open";
        Sort ??= Status == EcmStatus.Referred.ToCode() ? "due" : "stuck";
        Result = await queries.ListAsync(new CaseFilter(Status == "all" ? null : Status, Q, null, Stuck, Sort, PageNumber, 25), Request.Path + Request.QueryString, ct);
        (ByStatus, OverdueDecisions, StuckCount) = await queries.CountsAsync(ct);
        if (!IsPlan)
        {
            Caseload = (await queries.CaseloadAsync(ct)).FirstOrDefault();
        }
    }

    public string Link(string? status = null, bool? stuck = null, int? page = null, string? sort = null) =>
        "/ecm?" + string.Join("&", new[]
        {
            "status=" + Uri.EscapeDataString(status ?? Status ?? ""),
            stuck ?? Stuck ? "stuck=true" : null,
            Q is { Length: > 0 } ? "q=" + Uri.EscapeDataString(Q) : null,
            "sort=" + Uri.EscapeDataString(sort ?? Sort ?? ""),
            page is { } p && p > 1 ? "page=" + p : null,
        }.Where(x => x is not null));
}
