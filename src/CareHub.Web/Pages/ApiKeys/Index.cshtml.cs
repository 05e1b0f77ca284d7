using System.ComponentModel.DataAnnotations;
using CareHub.Audit;
using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.ApiKeys;

[Authorize(Roles = Roles.PlanAdmin)]
public sealed class IndexModel(CareHubDbContext db, AuditTrail audit, TimeProvider clock, ApiKeyCache keys) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Name the system that will use the key.")]
    [StringLength(100)]
    public string Name { get; set; } = "";

    [BindProperty]
    public string Role { get; set; } = Roles.PlanCareManager;

    public string? NewKey { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Role is not (Roles.PlanAdmin or Roles.PlanCareManager))
        {
            ModelState.AddModelError(nameof(Role), "Choose PlanAdmin or PlanCareManager.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var (key, prefix, hash) = CareHub.Organizations.ApiKeys.NewKey();
        var apiKey = new ApiKey
        {
            OrganizationId = User.GetOrganizationId()!.Value,
            Name = Name.Trim(),
            Role = Role,
            Prefix = prefix,
            SecretHash = hash,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = User.Identity?.Name,
        };
        db.ApiKeys.Add(apiKey);
        audit.Add(AuditActions.ApiKeyCreated, null, $"/apikeys/{apiKey.Id}", $"{apiKey.Name} ({Role})");
        await db.SaveChangesAsync();
        NewKey = key;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var org = User.GetOrganizationId();
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.OrganizationId == org);
        if (key is not null)
        {
            if (key.RevokedAt is null)
            {
                key.RevokedAt = clock.GetUtcNow();
                audit.Add(AuditActions.ApiKeyRevoked, null, $"/apikeys/{key.Id}", $"{key.Name} ({key.Role}, {key.Prefix})");
            }

            await db.SaveChangesAsync();
            keys.Forget(key.Id);
            TempData["Flash"] = $"Key '{key.Name}' revoked.";
        }

        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var org = User.GetOrganizationId();
        Keys = await db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == org).OrderBy(k => k.Name).ToListAsync();
    }
}
