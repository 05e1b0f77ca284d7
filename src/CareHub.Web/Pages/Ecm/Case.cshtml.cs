using CareHub.Common;
using CareHub.Ecm;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Ecm;

/// <summary>One ECM case: timeline, outreach, tasks, assessment, care plan versions, care team, and every step the
/// caller's role may take next.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff)]
public sealed class CaseModel(EcmQueries queries, TimeProvider clock) : PageModel
{
    public const int InterventionRows = 4;

    public CaseDetail Case { get; private set; } = null!;
    public IReadOnlyList<SuggestionItem> Suggestions { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public string? ProblemForm { get; private set; }
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public AssessmentForm Form => AssessmentForms.Current(Today);

    public bool IsPlan => User.GetOrganizationType() == OrganizationType.Plan && User.GetOrganizationId() == Case.PlanId;
    public bool IsAssignedProvider => User.GetOrganizationType() == OrganizationType.EcmProvider && Case.ProviderId is not null && User.GetOrganizationId() == Case.ProviderId;

    // The care plan editor keeps what the user typed when a save is refused.
    [BindProperty] public int CarePlanBaseVersion { get; set; }
    [BindProperty, System.ComponentModel.DataAnnotations.MaxLength(CarePlans.MaxLongText)] public string? ProblemsAndGoals { get; set; }
    [BindProperty] public string? MemberWords { get; set; }
    [BindProperty, System.ComponentModel.DataAnnotations.MaxLength(CarePlans.MaxLongText)] public string? ProgressNotes { get; set; }
    [BindProperty] public List<InterventionInput> Interventions { get; set; } = [];
    [BindProperty] public Dictionary<string, string?> Answers { get; set; } = [];

    public sealed class InterventionInput
    {
        public string? Text { get; set; }
        public string? Owner { get; set; }
        public DateOnly? DueDate { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        FillCarePlanEditor();
        return Page();
    }

    public Task<IActionResult> OnPostAuthorizeAsync(Guid id, string? decision, string? decisionReason, [FromServices] DecideEcmAuthorization decide) =>
        Run(id, "authorize", decide.HandleAsync(id, new AuthorizationRequest(decision, decisionReason), HttpContext.RequestAborted),
            r => decision == "denied" ? "Authorization denied." : "ECM authorized.");

    public Task<IActionResult> OnPostAssignAsync(Guid id, Guid? providerId, [FromServices] AssignEcmProvider assign) =>
        Run(id, "assign", assign.HandleAsync(id, new AssignmentRequest(providerId), HttpContext.RequestAborted), _ => "Case assigned.");

    public Task<IActionResult> OnPostAcceptAsync(Guid id, [FromServices] RespondToAssignment respond) =>
        Run(id, "accept", respond.HandleAsync(id, new AcceptanceRequest(true, null), HttpContext.RequestAborted), _ => "Assignment accepted. Start outreach, in person when possible.");

    public Task<IActionResult> OnPostDeclineAsync(Guid id, string? declineReason, [FromServices] RespondToAssignment respond) =>
        Run(id, "decline", respond.HandleAsync(id, new AcceptanceRequest(false, declineReason), HttpContext.RequestAborted), _ => "Assignment declined; the plan will reassign the member.");

    // The outreach form keeps what was typed when it is refused, and shows its errors next to it.
    public string? OutreachDate { get; private set; }
    public string? OutreachModalityValue { get; private set; }
    public string? OutreachOutcomeValue { get; private set; }
    public string? OutreachNote { get; private set; }
    public FormErrors OutreachErrors { get; private set; } = new();

    public async Task<IActionResult> OnPostOutreachAsync(Guid id, DateOnly? outreachDate, string? modality, string? outcome, string? outreachNote, [FromServices] LogOutreach log)
    {
        var typedDate = Request.Form["outreachDate"].ToString();
        var page = await Run(id, "outreach", log.HandleAsync(id, new OutreachRequest(outreachDate, modality, outcome, outreachNote), HttpContext.RequestAborted),
            _ => $"Outreach attempt of {outreachDate:MM/dd/yyyy} logged.");
        if (ProblemForm == "outreach")
        {
            OutreachDate = outreachDate?.ToString("yyyy-MM-dd") ?? "";
            OutreachModalityValue = modality;
            OutreachOutcomeValue = outcome;
            OutreachNote = outreachNote;
            OutreachErrors = OutreachFormErrors(outreachDate, typedDate);
        }

        return page;
    }

    /// <summary>The outreach errors in plain words, dates as the date field shows them (mm/dd/yyyy).</summary>
    private FormErrors OutreachFormErrors(DateOnly? date, string typedDate)
    {
        var form = new FormErrors();
        foreach (var (key, messages) in LastErrors)
        {
            _ = key switch
            {
                "date" => form.Add("outreachDate", "Outreach date", date is null
                    ? (string.IsNullOrWhiteSpace(typedDate) ? $"Enter the date of the attempt, for example {Today:MM/dd/yyyy}." : "Enter the date as mm/dd/yyyy.")
                    : $"The date {date:MM/dd/yyyy} is in the future; enter today ({Today:MM/dd/yyyy}) or an earlier day."),
                "modality" => form.Add("modality", "Modality", "Choose how you reached out from the list."),
                "outcome" => form.Add("outcome", "Outcome", "Choose the outcome from the list."),
                "note" => form.Add("outreachNote", "Outreach note", "Shorten the note to 2,000 characters or fewer."),
                _ => form.Add(null, null, string.Join(" ", messages)),
            };
        }

        if (!form.Any)
        {
            form.Add(null, null, Problems.FirstOrDefault() ?? "The attempt could not be logged.");
        }

        return form.OrderBy(["outreachDate", "modality", "outcome", "outreachNote"]);
    }

    private IReadOnlyDictionary<string, string[]> LastErrors { get; set; } = new Dictionary<string, string[]>();

    public Task<IActionResult> OnPostEnrollAsync(Guid id, DateOnly? enrollmentDate, DateOnly? consentDate, string? leadCareManager, [FromServices] EnrollMember enroll) =>
        Run(id, "enroll", enroll.HandleAsync(id, new EnrollmentRequest(enrollmentDate, consentDate, leadCareManager), HttpContext.RequestAborted), _ => "Member enrolled in ECM.");

    public Task<IActionResult> OnPostDisenrollAsync(Guid id, string? disenrollmentReason, string? disenrollmentNote, [FromServices] DisenrollMember disenroll) =>
        Run(id, "disenroll", disenroll.HandleAsync(id, new DisenrollmentRequest(disenrollmentReason, disenrollmentNote), HttpContext.RequestAborted), _ => "Member disenrolled from ECM.");

    public Task<IActionResult> OnPostAssessmentAsync(Guid id, [FromServices] RecordAssessment assess) =>
        Run(id, "assessment", assess.HandleAsync(id, new AssessmentRequest(Form.Code, Form.Version, Answers.Where(a => !string.IsNullOrWhiteSpace(a.Value)).ToDictionary()), HttpContext.RequestAborted),
            _ => "Assessment saved.");

    public Task<IActionResult> OnPostCareTeamAsync(Guid id, string? teamName, string? teamRole, string? teamOrganization, string? teamContact, bool teamInternal, bool teamLead, [FromServices] AddCareTeamMember add) =>
        Run(id, "care-team", add.HandleAsync(id, new CareTeamRequest(teamName, teamRole, teamOrganization, teamContact, teamInternal, teamLead), HttpContext.RequestAborted),
            _ => $"{teamName} added to the care team.");

    public Task<IActionResult> OnPostRemoveTeamMemberAsync(Guid id, Guid teamMemberId, [FromServices] RemoveCareTeamMember remove) =>
        Run(id, "care-team", remove.HandleAsync(id, teamMemberId, HttpContext.RequestAborted), _ => "Removed from the care team.");

    public Task<IActionResult> OnPostCompleteTaskAsync(Guid id, Guid taskId, [FromServices] CompleteEcmTask complete) =>
        Run(id, "tasks", complete.HandleAsync(taskId, HttpContext.RequestAborted), t => $"Done: {t.Value!.Title}.");

    public async Task<IActionResult> OnPostCarePlanAsync(Guid id, [FromServices] SaveCarePlan save)
    {
        var interventions = Interventions.Where(i => !string.IsNullOrWhiteSpace(i.Text) || !string.IsNullOrWhiteSpace(i.Owner) || i.DueDate is not null)
            .Select(i => new CarePlanIntervention(i.Text?.Trim() ?? "", i.Owner?.Trim(), i.DueDate)).ToList();
        var result = await save.HandleAsync(id, new CarePlanRequest(CarePlanBaseVersion, ProblemsAndGoals, interventions, MemberWords, ProgressNotes), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Care plan version {result.Value!.Version} saved.";
            return Redirect($"/ecm/cases/{id}#care-plan");
        }

        if (result.Kind == OutcomeKind.NotFound || !await LoadAsync(id))
        {
            return NotFound();
        }

        // Keep the user's text on the page. After a conflict the newer version is shown above the editor, so the next
        // save starts from it: the user decides what to keep, and nothing is overwritten unseen.
        Problems = [result.Message ?? "The care plan could not be saved."];
        if (result.Kind == OutcomeKind.Conflict)
        {
            CarePlanBaseVersion = Case.CarePlanVersion;
        }

        ProblemForm = "care-plan";
        while (Interventions.Count < InterventionRows)
        {
            Interventions.Add(new InterventionInput());
        }

        Response.StatusCode = result.Kind == OutcomeKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult> Run<T>(Guid id, string form, Task<Outcome<T>> action, Func<Outcome<T>, string> success)
    {
        var result = await action;
        if (result.Succeeded)
        {
            TempData["Flash"] = success(result);

            // A provider that declined or closed the case no longer sees the member.
            var goesAway = form is "decline" or "disenroll" && User.GetOrganizationType() == OrganizationType.EcmProvider;
            return Redirect(goesAway ? "/ecm" : $"/ecm/cases/{id}");
        }

        if (result.Kind == OutcomeKind.NotFound && form != "tasks")
        {
            return NotFound();
        }

        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        FillCarePlanEditor();
        Problems = result.Errors is { Count: > 0 } errors ? [.. errors.Values.SelectMany(v => v)] : [result.Message ?? "That did not work."];
        LastErrors = result.Errors is { } all ? all.ToDictionary(e => e.Key, e => e.Value.ToArray()) : new Dictionary<string, string[]>();
        ProblemForm = form;
        Response.StatusCode = result.Kind switch
        {
            OutcomeKind.Conflict => StatusCodes.Status409Conflict,
            OutcomeKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var detail = await queries.GetAsync(id, Request.Path, HttpContext.RequestAborted);
        if (detail is null)
        {
            return false;
        }

        Case = detail;
        if (IsPlan && EcmStateMachine.Check(Case.Status, EcmStateMachine.Assign) is null)
        {
            Suggestions = await queries.SuggestionsAsync(id, HttpContext.RequestAborted) ?? [];
        }

        return true;
    }

    private void FillCarePlanEditor()
    {
        var latest = Case.CarePlanVersions.FirstOrDefault();
        CarePlanBaseVersion = latest?.Version ?? 0;
        ProblemsAndGoals = latest?.ProblemsAndGoals;
        MemberWords = latest?.MemberWords;
        ProgressNotes = latest?.ProgressNotes;
        Interventions = [.. (latest?.Interventions ?? []).Select(i => new InterventionInput { Text = i.Text, Owner = i.Owner, DueDate = i.DueDate })];
        while (Interventions.Count < InterventionRows)
        {
            Interventions.Add(new InterventionInput());
        }
    }
}
