using System.Text.Json;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Catalog;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Catalog;

/// <summary>The plan's own Community Supports policies: criteria that narrow the state's and limits within the
/// state's, each from a date with its source. Plan staff see them; plan administrators add and end them.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class PoliciesModel(PlanPolicyService policies, ProgramCatalog catalog) : PageModel
{
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public DateOnly? EffectiveFrom { get; set; }
    [BindProperty] public DateOnly? EffectiveTo { get; set; }
    [BindProperty, System.ComponentModel.DataAnnotations.MaxLength(PlanPolicyService.MaxJsonLength)] public string? CriteriaJson { get; set; }
    [BindProperty, System.ComponentModel.DataAnnotations.MaxLength(PlanPolicyService.MaxJsonLength)] public string? LimitsJson { get; set; }
    [BindProperty] public string? Source { get; set; }
    [BindProperty] public string? Notes { get; set; }

    public IReadOnlyList<CommunitySupport> Services => catalog.CommunitySupports;
    public IReadOnlyList<PlanPolicyDto> Mine { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    private static readonly string[] _fieldOrder = ["Service", "EffectiveFrom", "EffectiveTo", "CriteriaJson", "LimitsJson", "Source", "Notes"];
    public bool IsAdmin => User.IsInRole(Roles.PlanAdmin);

    public async Task OnGetAsync() => Mine = await policies.ListAsync(User.GetOrganizationId()!.Value, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        var form = new FormErrors();
        var criteria = ParseJson(CriteriaJson, "CriteriaJson", "Criteria", form);
        var limits = ParseJson(LimitsJson, "LimitsJson", "Limits", form);
        if (string.IsNullOrWhiteSpace(Service))
        {
            form.Add("Service", "Community Support", "Choose a Community Support.");
        }

        if (EffectiveFrom is null)
        {
            form.Add("EffectiveFrom", "From", "Enter the first day the policy applies, as mm/dd/yyyy.");
        }

        if (!form.Any)
        {
            var (policy, errors) = await policies.AddAsync(User.GetOrganizationId()!.Value,
                new PlanPolicyInput(Service, EffectiveFrom, EffectiveTo, criteria, limits, Source, Notes), User.Identity?.Name, HttpContext.RequestAborted);
            if (policy is not null)
            {
                TempData["Flash"] = $"Added: {policy.CommunitySupportName} policy from {policy.EffectiveFrom:yyyy-MM-dd}.";
                return Redirect("/catalog/policies");
            }

            foreach (var (key, messages) in errors)
            {
                var (field, label) = FieldOf(key);
                form.Add(field, label, string.Join(" ", messages));
            }
        }

        FormErrors = form.OrderBy(_fieldOrder);
        await OnGetAsync();
        return Page();
    }

    /// <summary>The form field an error of the policy service is about (criteria and limits errors name a path inside the JSON).</summary>
    private static (string? Field, string? Label) FieldOf(string key) => key switch
    {
        "communitySupportCode" => ("Service", "Community Support"),
        "effectiveFrom" => ("EffectiveFrom", "From"),
        "effectiveTo" => ("EffectiveTo", "To"),
        "source" => ("Source", "Source"),
        "notes" => ("Notes", "Notes"),
        _ when key.StartsWith("criteria", StringComparison.Ordinal) => ("CriteriaJson", "Criteria"),
        _ when key.StartsWith("limits", StringComparison.Ordinal) => ("LimitsJson", "Limits"),
        _ => (null, null),
    };

    public async Task<IActionResult> OnPostEndAsync(Guid id, DateOnly? effectiveTo)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        var (policy, errors) = await policies.EndAsync(User.GetOrganizationId()!.Value, id, effectiveTo, User.Identity?.Name, HttpContext.RequestAborted);
        if (policy is not null)
        {
            TempData["Flash"] = $"{policy.CommunitySupportName} policy ends {policy.EffectiveTo:yyyy-MM-dd}.";
            return Redirect("/catalog/policies");
        }

        Problems = errors.Count > 0 ? [.. errors.SelectMany(e => e.Value)] : ["That policy is not your plan's."];
        await OnGetAsync();
        return Page();
    }

    private static JsonElement? ParseJson(string? text, string field, string label, FormErrors form)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            form.Add(field, label, $"This is not valid JSON ({e.Message.Split('.')[0]}).");
            return null;
        }
    }
}
