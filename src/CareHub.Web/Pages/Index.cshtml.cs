using CareHub.Common;
using CareHub.Data;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages;

/// <summary>The home page: a different start for each role.</summary>
public sealed class IndexModel(CareHubDbContext db, TimeProvider clock) : PageModel
{
    public string Role { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public int VisibleMembers { get; private set; }
    public int AuditEntriesToday { get; private set; }
    public int Organizations { get; private set; }

    public async Task OnGetAsync()
    {
        Role = User.GetRole() ?? "";
        var orgId = User.GetOrganizationId();
        OrganizationName = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Name).FirstOrDefaultAsync() ?? "";
        Organizations = await db.Organizations.CountAsync();
        if (Role == Roles.Auditor)
        {
            var since = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
            AuditEntriesToday = await db.AuditEntries.CountAsync(a => a.At >= since);
        }
        else
        {
            VisibleMembers = await db.Members.CountAsync();
        }
    }
}
