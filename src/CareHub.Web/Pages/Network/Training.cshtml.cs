using System.ComponentModel.DataAnnotations;
using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Network;

/// <summary>Required training topics and completions per provider staff member.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class TrainingModel(TrainingRecords training, CareHubDbContext db) : PageModel, IShowsInputProblems
{
    /// <summary>The required topics box holds the most topics a plan may require, one a line: code | title.</summary>
    public const int MaxRequiredTopicsText = 12_000;

    private static readonly Dictionary<string, (string Id, string Label)> _completionFields = new(StringComparer.Ordinal)
    {
        ["providerId"] = ("providerId", "Provider"),
        ["topic"] = ("topic", "Topic"),
        ["staffName"] = ("staffName", "Staff member"),
        ["completedOn"] = ("completedOn", "Completed on"),
    };

    private static readonly Dictionary<string, (string Id, string Label)> _requirementFields = new(StringComparer.Ordinal)
    {
        ["items"] = ("RequiredTopics", "Required topics"),
        ["requiredTopics"] = ("RequiredTopics", "Required topics"),
    };

    public IReadOnlyList<TrainingCompletion> Completions { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<(Guid Id, string Name)> Providers { get; private set; } = [];
    public bool IsPlan { get; private set; }
    public bool IsPlanAdmin => User.IsInRole(Roles.PlanAdmin);
    public IReadOnlyList<TrainingTopic> Required { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>What was typed into the form sent back with errors, by input name.</summary>
    public IReadOnlyDictionary<string, string> Typed { get; private set; } = new Dictionary<string, string>();

    /// <summary>Whether the required topics form came back with errors (its box opens with what was typed).</summary>
    public bool RequirementsFailed { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Guid? providerId, string? topic, string? staffName, DateOnly? completedOn)
    {
        var result = await training.RecordAsync(new TrainingRequest(providerId, null, topic, staffName, completedOn), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = "Training completion recorded.";
            return RedirectToPage();
        }

        var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Value);
        void Plain(string key, string message)
        {
            if (errors.ContainsKey(key))
            {
                errors[key] = [message];
            }
        }

        Plain("providerId", providerId is null ? "Choose the provider." : "Choose a provider from the list.");
        Plain("topic", "Choose a topic from the list.");
        Plain("staffName", "Give the staff member's name (at most 200 characters).");
        Plain("completedOn", completedOn is { } done ? $"{done:MM/dd/yyyy} is in the future: record training once it is completed." : "Give the day the training was completed (mm/dd/yyyy).");
        return await ShowFormAsync(result.Kind, new FormErrors().AddProblems(errors.Count > 0 ? errors : null, result.Message, _completionFields, "The completion was not recorded.")
            .OrderBy([.. _completionFields.Values.Select(f => f.Id)]));
    }

    public async Task<IActionResult> OnPostRequirementsAsync([MaxLength(MaxRequiredTopicsText)] string? requiredTopics)
    {
        var items = (requiredTopics ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|', 2, StringSplitOptions.TrimEntries)).Select(p => (TrainingTopicRequest?)new TrainingTopicRequest(p[0], p.Length > 1 ? p[1] : null)).ToList();
        var result = await training.SetRequirementsAsync(new TrainingRequirementsRequest(items), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Required topics saved: {result.Value!.Items.Count}. Contracts start only when providers have completed them all.";
            return RedirectToPage();
        }

        // A topic's problem names the line it is on.
        var lines = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in result.Errors ?? new Dictionary<string, string[]>())
        {
            var line = key.StartsWith("items[", StringComparison.Ordinal) && int.TryParse(key[6..key.IndexOf(']', StringComparison.Ordinal)], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
                ? $"Line {i + 1}: " : "";
            lines[key] = [.. messages.Select(m => line + m)];
        }

        RequirementsFailed = true;
        return await ShowFormAsync(result.Kind, new FormErrors().AddProblems(lines.Count > 0 ? lines : null, result.Message, _requirementFields, "The required topics were not saved."));
    }

    /// <summary>A date outside 1900-2200 or an over-long text is shown on the form that sent it.</summary>
    public Task<IActionResult> ShowInputProblemsAsync(InputProblems problems)
    {
        RequirementsFailed = problems.Handler == "Requirements";
        var fields = RequirementsFailed ? _requirementFields : _completionFields;
        return ShowFormAsync(OutcomeKind.Invalid, problems.AddTo(new FormErrors(), fields).OrderBy([.. fields.Values.Select(f => f.Id)]));
    }

    private async Task<IActionResult> ShowFormAsync(OutcomeKind kind, FormErrors errors)
    {
        FormErrors = errors;
        Typed = Request.HasFormContentType ? Request.Form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.OrdinalIgnoreCase) : new Dictionary<string, string>();
        Response.StatusCode = UploadedFile.StatusOf(kind);
        await LoadAsync();
        return Page();
    }

    /// <summary>What was typed into an input of the form sent back, or <paramref name="fallback"/>.</summary>
    public string? TypedOr(string name, string? fallback = null) => Typed.TryGetValue(name, out var value) ? value : fallback;

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
