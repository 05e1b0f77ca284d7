using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Network;

/// <summary>The plan's Model of Care workspace: deliverables (question, page, response, owner, comments, status)
/// and the go-live schedule by county for each Population of Focus.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class ModelOfCareModel(CareHubDbContext db, AuditTrail audit, TimeProvider clock, ProgramCatalog catalog) : PageModel
{
    public static readonly IReadOnlyList<string> Statuses = ["not-started", "in-progress", "complete"];

    public IReadOnlyList<ModelOfCareItem> Items { get; private set; } = [];
    public IReadOnlyList<GoLiveEntry> GoLive { get; private set; } = [];
    public string? Problem { get; private set; }

    public string PopulationName(string code) => catalog.FindPopulation(code)?.Name ?? code;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Guid? id, string? question, string? pageRef, string? response, string? owner, string? comments, string? status)
    {
        var planId = User.GetOrganizationId();
        if (string.IsNullOrWhiteSpace(question) || question.Length > 2000)
        {
            Problem = "The question is required (at most 2,000 characters).";
        }
        else if (status is null || !Statuses.Contains(status))
        {
            Problem = $"Status must be one of {string.Join(", ", Statuses)}.";
        }
        else if ((pageRef?.Length ?? 0) > 40 || (response?.Length ?? 0) > 8000 || (owner?.Length ?? 0) > 200 || (comments?.Length ?? 0) > 4000)
        {
            Problem = "Page is at most 40 characters, response 8,000, owner 200 and comments 4,000.";
        }

        if (Problem is not null)
        {
            await LoadAsync();
            return Page();
        }

        var item = id is { } existing ? await db.Set<ModelOfCareItem>().FirstOrDefaultAsync(m => m.Id == existing && m.PlanId == planId, HttpContext.RequestAborted) : null;
        if (id is not null && item is null)
        {
            return NotFound();
        }

        if (item is null)
        {
            item = new ModelOfCareItem { PlanId = planId!.Value, Question = question! };
            db.Add(item);
        }

        item.Question = question!.Trim();
        item.Page = pageRef?.Trim();
        item.Response = response?.Trim();
        item.Owner = owner?.Trim();
        item.Comments = comments?.Trim();
        item.Status = status!;
        item.UpdatedAt = clock.GetUtcNow();
        audit.Add("network-model-of-care.save", null, "/network/model-of-care", $"item={item.Id}; status={status}");
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData["Flash"] = "Deliverable saved.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var planId = User.GetOrganizationId();
        Items = await db.Set<ModelOfCareItem>().AsNoTracking().Where(m => m.PlanId == planId).OrderBy(m => m.Page).ToListAsync(HttpContext.RequestAborted);
        GoLive = await db.Set<GoLiveEntry>().AsNoTracking().Where(g => g.PlanId == planId).OrderBy(g => g.County).ThenBy(g => g.GoLive).ToListAsync(HttpContext.RequestAborted);
    }
}
