using CareHub.Common;
using CareHub.Web.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Audit;

[Authorize(Roles = Roles.Auditor)]
public sealed class IndexModel(AuditSearch search) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Member { get; set; }
    [BindProperty(SupportsGet = true)] public string? UserName { get; set; }
    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntryDto> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages { get; private set; }

    public async Task OnGetAsync()
    {
        var (items, total, _, size) = await search.SearchAsync(new AuditQuery(Member, UserName, ActionName, From, To, PageNumber, 50), HttpContext.RequestAborted);
        Items = items;
        Total = total;
        Pages = (total + size - 1) / size;
    }

    public string PageLink(int page) =>
        $"/audit?member={Member}&userName={Uri.EscapeDataString(UserName ?? "")}&action={Uri.EscapeDataString(ActionName ?? "")}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&p={page}";
}
