using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using CareHub.Web.Features.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Network;

/// <summary>Required training topics and completions per provider staff member.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class TrainingModel(TrainingRecords training, CareHubDbContext db) : PageModel
{
    public IReadOnlyList<TrainingCompletion> Completions { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<(Guid Id, string Name)> Providers { get; private set; } = [];
    public bool IsPlan { get; private set; }
    public bool IsPlanAdmin => User.IsInRole(Roles.PlanAdmin);
    public IReadOnlyList<TrainingTopic> Required { get; private set; } = [];
    public string? Problem { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Guid? providerId, string? topic, string? staffName, DateOnly? completedOn)
    {
        var result = await training.RecordAsync(new TrainingRequest(providerId, null, topic, staffName, completedOn), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = "Training completion recorded.";
            return RedirectToPage();
        }

        Problem = NetworkLabels.Errors(result.Errors, result.Message);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRequirementsAsync(string? requiredTopics)
    {
        var items = (requiredTopics ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|', 2, StringSplitOptions.TrimEntries)).Select(p => (TrainingTopicRequest?)new TrainingTopicRequest(p[0], p.Length > 1 ? p[1] : null)).ToList();
        var result = await training.SetRequirementsAsync(new TrainingRequirementsRequest(items), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Required topics saved: {result.Value!.Items.Count}. Contracts start only when providers have completed them all.";
            return RedirectToPage();
        }

        Problem = NetworkLabels.Errors(result.Errors, result.Message);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Required = await training.RecordableAsync(ct);
        IsPlan = User.GetOrganizationType() == OrganizationType.Plan;
        Completions = await training.CompletionsAsync(null, ct);
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.EcmProvider || o.Type == OrganizationType.Cbo).OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        Names = orgs.ToDictionary(o => o.Id, o => o.Name);
        Providers = [.. orgs.Select(o => (o.Id, o.Name))];
    }
}
