using CareHub.Data;
using CareHub.Organizations;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Organizations;

public sealed class IndexModel(CareHubDbContext db) : PageModel
{
    public IReadOnlyList<Organization> Items { get; private set; } = [];

    public async Task OnGetAsync() =>
        Items = await db.Organizations.AsNoTracking().OrderBy(o => o.Type).ThenBy(o => o.Name).ToListAsync();
}
