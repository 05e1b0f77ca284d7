using CareHub.Common;
using CareHub.Ecm;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Ecm;

/// <summary>The plan's own ECM rules: decision clock, unable to reach, discharge follow-up, reassessment, stuck.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class SettingsModel(EcmLookups lookups, SaveEcmSettings save) : PageModel
{
    [BindProperty] public EcmPlanSettings Values { get; set; } = new();
    public FormErrors FormErrors { get; private set; } = new();

    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        [nameof(EcmPlanSettings.AuthorizationDecisionDays)] = ("decision", "Days to decide an authorization"),
        [nameof(EcmPlanSettings.UnableToReachAttempts)] = ("utrAttempts", "Unsuccessful attempts"),
        [nameof(EcmPlanSettings.UnableToReachDays)] = ("utrDays", "Over at least this many days"),
        [nameof(EcmPlanSettings.DischargeFollowUpDays)] = ("discharge", "Days to follow up after a discharge"),
        [nameof(EcmPlanSettings.ReassessmentMonths)] = ("reassess", "Months to reassess"),
        [nameof(EcmPlanSettings.StuckAfterDays)] = ("stuck", "Days before a case counts as stuck"),
        [nameof(EcmPlanSettings.PresumptiveAuthorizationDays)] = ("presumptiveDays", "Days to authorize a presumptive enrollment"),
    };
    public bool CanEdit => User.GetRole() == Roles.PlanAdmin;

    public async Task OnGetAsync() => Values = await lookups.SettingsAsync(User.GetOrganizationId()!.Value, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        // A value that is not a whole number is named with the others, not saved as 0.
        var form = new FormErrors();
        foreach (var (name, (id, label)) in _fields)
        {
            if (ModelState.TryGetValue("Values." + name, out var entry) && entry.Errors.Count > 0)
            {
                form.Add(id, label, string.IsNullOrWhiteSpace(entry.AttemptedValue) ? "Give a whole number." : $"'{entry.AttemptedValue}' is not a whole number.");
            }
        }

        if (form.Any)
        {
            FormErrors = form.OrderBy([.. _fields.Values.Select(f => f.Id)]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await save.HandleAsync(Values, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = "ECM rules saved.";
            return RedirectToPage();
        }

        FormErrors = form.AddProblems(result.Errors, result.Message, _fields, "Not saved.").OrderBy([.. _fields.Values.Select(f => f.Id)]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
