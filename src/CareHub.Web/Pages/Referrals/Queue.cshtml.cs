using CareHub.Common;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Referrals;

/// <summary>The plan's authorization queue with the decision clocks; plan administrators set the clocks here.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class QueueModel(ReferralQueries referrals) : PageModel
{
    public IReadOnlyList<ReferralSummary> Items { get; private set; } = [];
    public int RoutineHours { get; private set; }
    public int ExpeditedHours { get; private set; }
    public IReadOnlyList<ReferralQueries.TimeInStatus> TimeInStatus { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The clocks as typed, kept when they are sent back with errors.</summary>
    public string? TypedRoutine { get; private set; }
    public string? TypedExpedited { get; private set; }

    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["routineHours"] = ("routineHours", "Routine (hours)"),
        ["expeditedHours"] = ("expeditedHours", "Expedited (hours)"),
    };

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostClocksAsync(string? routineHours, string? expeditedHours, [FromServices] UpdateDecisionClocks update)
    {
        if (User.GetRole() != Roles.PlanAdmin)
        {
            return Forbid();
        }

        // Both clocks are checked in one pass: a value that is not a whole number is named here, the rest by the use case.
        var form = new FormErrors();
        var routine = WholeHours(routineHours, "routineHours", form);
        var expedited = WholeHours(expeditedHours, "expeditedHours", form);
        if (!form.Any)
        {
            var result = await update.HandleAsync(routine, expedited, HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                TempData["Flash"] = $"Decision clocks: routine {routine} h, expedited {expedited} h (new referrals).";
                return RedirectToPage();
            }

            form.AddProblems(result.Errors, result.Message, _fields, "The clocks were not saved.");
        }

        FormErrors = form.OrderBy([.. _fields.Values.Select(f => f.Id)]);
        (TypedRoutine, TypedExpedited) = (routineHours, expeditedHours);
        await LoadAsync();
        return Page();
    }

    private static int WholeHours(string? text, string name, FormErrors form)
    {
        if (int.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hours))
        {
            return hours;
        }

        var (id, label) = _fields[name];
        form.Add(id, label, string.IsNullOrWhiteSpace(text) ? "Give the number of hours, from 1 to 720." : $"'{text}' is not a whole number of hours; give 1 to 720.");
        return 0;
    }

    private async Task LoadAsync()
    {
        Items = await referrals.QueueAsync(Request.Path, HttpContext.RequestAborted);
        var settings = await referrals.SettingsAsync(User.GetOrganizationId() ?? Guid.Empty, HttpContext.RequestAborted);
        RoutineHours = settings.RoutineHours;
        ExpeditedHours = settings.ExpeditedHours;
        TimeInStatus = await referrals.TimeInStatusAsync(HttpContext.RequestAborted);
    }
}
