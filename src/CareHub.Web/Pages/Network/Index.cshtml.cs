using CareHub.Common;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>The provider network's start page: for a plan, the readiness dashboard and the letters of interest to
/// answer; for a provider, its letters and applications with every plan.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class IndexModel(LettersOfInterest letters, ApplicationQueries applications, ReadinessDashboard readiness, ApplicationWriter writer) : PageModel, IShowsInputProblems
{
    public bool IsPlan { get; private set; }
    public LetterList Letters { get; private set; } = new([]);
    public IReadOnlyList<ApplicationSummary> Applications { get; private set; } = [];
    public ReadinessView? Readiness { get; private set; }
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The letter whose answer came back with errors, and the note typed for it.</summary>
    public Guid? FailedLetter { get; private set; }
    public string? TypedNote { get; private set; }

    public static string NoteId(Guid letterId) => $"note-{letterId}";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRespondAsync(Guid letterId, string? decision, string? note)
    {
        var result = await letters.RespondAsync(letterId, new LetterDecisionRequest(decision, note), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = decision == "invite" ? "Invitation sent: the provider can now apply." : "Letter declined; the provider sees your reason.";
            return RedirectToPage();
        }

        var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Value);
        if (errors.ContainsKey("note") && decision == "decline" && string.IsNullOrWhiteSpace(note))
        {
            errors["note"] = ["Give the reason for declining: the provider sees it."];
        }

        return await ShowRespondAsync(letterId, note, result.Kind, form => form.AddProblems(errors.Count > 0 ? errors : null, result.Message, RespondFields(letterId), "The letter was not answered."));
    }

    public async Task<IActionResult> OnPostApplyAsync(Guid letterId, Guid planId)
    {
        var result = await writer.StartAsync(new NewApplicationRequest(letterId, planId), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            return RedirectToPage("/Network/Application", new { id = result.Value!.Id });
        }

        // The form has no field to correct: every problem is about the letter or the plan as a whole.
        FormErrors = new FormErrors().Add(null, null, result.Message ?? "The application was not started.");
        Response.StatusCode = UploadedFile.StatusOf(result.Kind);
        await LoadAsync();
        return Page();
    }

    /// <summary>An over-long note is shown on the letter it was typed for.</summary>
    public async Task<IActionResult> ShowInputProblemsAsync(InputProblems problems)
    {
        if (problems.Handler == "Respond")
        {
            var letterId = problems.Argument<Guid>("letterId");
            return await ShowRespondAsync(letterId, problems.Argument<string>("note"), OutcomeKind.Invalid, form => problems.AddTo(form, RespondFields(letterId)));
        }

        FormErrors = problems.AddTo(new FormErrors(), new Dictionary<string, (string, string)>());
        await LoadAsync();
        return Page();
    }

    private static Dictionary<string, (string Id, string Label)> RespondFields(Guid letterId) => new(StringComparer.Ordinal)
    {
        ["note"] = (NoteId(letterId), "Note"),
    };

    private async Task<IActionResult> ShowRespondAsync(Guid letterId, string? note, OutcomeKind kind, Func<FormErrors, FormErrors> errors)
    {
        (FailedLetter, TypedNote) = (letterId, note);
        FormErrors = errors(new FormErrors());
        Response.StatusCode = UploadedFile.StatusOf(kind);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        IsPlan = User.GetOrganizationType() == OrganizationType.Plan;
        var ct = HttpContext.RequestAborted;
        Letters = await letters.ListAsync(ct);
        Applications = await applications.ListAsync(null, ct);
        if (IsPlan)
        {
            Readiness = await readiness.BuildAsync(ct);
        }
    }
}
