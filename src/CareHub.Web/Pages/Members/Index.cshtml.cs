using CareHub.Common;
using CareHub.Web.Features.Members;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Members;

[Authorize(Roles = Roles.MemberViewers)]
public sealed class IndexModel(MemberQueries members) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? BirthDate { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? County { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public PagedResult<MemberSummary> Result { get; private set; } = new([], 0, 1, 25);

    public async Task OnGetAsync()
    {
        Result = await members.SearchAsync(new MemberSearch(Q, BirthDate, County, PageNumber, 25), Request.Path + Request.QueryString, HttpContext.RequestAborted);
    }

    public string PageLink(int page) =>
        $"/members?q={Uri.EscapeDataString(Q ?? "")}&birthDate={BirthDate:yyyy-MM-dd}&county={Uri.EscapeDataString(County ?? "")}&p={page}";
}
