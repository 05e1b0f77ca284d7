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

/// <summary>One certification application: the provider answers each area with effort, notes and evidence and
/// submits; the plan marks each area compliant or not; the provider shares it with other plans.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class ApplicationModel(ApplicationQueries queries, ApplicationWriter writer, CareHubDbContext db) : PageModel, IShowsInputProblems
{
    /// <summary>The evidence box holds up to the most links an area takes, one a line: name | address.</summary>
    public const int MaxEvidenceText = ApplicationWriter.MaxEvidencePerArea * (ApplicationWriter.MaxEvidenceNameLength + ApplicationWriter.MaxEvidenceUrlLength + 4);

    public ApplicationView App { get; private set; } = null!;
    public bool IsProvider { get; private set; }
    public bool IsPlan { get; private set; }
    public bool IsAddressedPlan { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> OtherPlans { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The form sent back with errors (answer, upload, review, share, submit, accept) and its area.</summary>
    public string? FailedForm { get; private set; }
    public string? ProblemArea { get; private set; }

    private readonly Dictionary<string, string> _typed = new(StringComparer.Ordinal);

    /// <summary>What the user typed into an input of the form sent back, or <paramref name="fallback"/>.</summary>
    public string? Typed(string inputId, string? fallback = null) => _typed.TryGetValue(inputId, out var v) ? v : fallback;

    /// <summary>Whether the area's form was sent back or one of its inputs has an error, so its form opens.</summary>
    public bool HasErrorIn(string code) =>
        ProblemArea == code || _forms["answer"].Values.Concat(_forms["upload"].Values).Concat(_forms["review"].Values).Any(f => FormErrors.For($"{f.Id}-{code}") is not null);

    // Each form's inputs: the use case's problem field name to the input's id (without the area) and label.
    private static readonly Dictionary<string, Dictionary<string, (string Id, string Label)>> _forms = new(StringComparer.Ordinal)
    {
        ["answer"] = new()
        {
            ["response"] = ("response", "Response"),
            ["effort"] = ("effort", "Self-assessed effort"),
            ["notes"] = ("notes", "Notes"),
            ["evidence"] = ("evidence", "Evidence links"),
        },
        ["upload"] = new() { ["file"] = ("file", "Upload evidence") },
        ["review"] = new()
        {
            ["compliant"] = ("compliant", "Compliant"),
            ["comment"] = ("comment", "Comment"),
            ["missingInformation"] = ("missing", "Missing information"),
            ["expectedDocumentation"] = ("expected", "Expected documentation"),
            ["dueDate"] = ("due", "Due date"),
        },
        ["share"] = new() { ["planId"] = ("share-plan", "Share with") },
        ["submit"] = new(),
        ["accept"] = new(),
    };

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, string code, [MaxLength(ApplicationWriter.MaxResponseLength)] string? response, string? effort, string? notes,
        [MaxLength(MaxEvidenceText)] string? evidence)
    {
        var links = (evidence ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var bar = line.LastIndexOf('|');
                return bar > 0 ? new EvidenceLinkRequest(line[..bar].Trim(), line[(bar + 1)..].Trim()) : new EvidenceLinkRequest(line, line);
            }).ToList();
        var result = await writer.AnswerAreaAsync(id, code, new AreaAnswerRequest(response, effort, notes, links), HttpContext.RequestAborted);
        return await AfterAsync(id, "answer", code, result, $"Saved “{code}”.");
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string code, IFormFile? file)
    {
        if (file is null)
        {
            return await AfterAsync(id, "upload", code, Outcome<FileRef>.Invalid("file", "Choose a file to upload."), "");
        }

        await using var stream = file.OpenReadStream();
        var result = await writer.UploadAsync(id, code, file.FileName, file.ContentType, stream, file.Length, HttpContext.RequestAborted);
        return await AfterAsync(id, "upload", code, result, $"Uploaded {file.FileName}.");
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id)
    {
        var result = await writer.SubmitAsync(id, HttpContext.RequestAborted);
        return await AfterAsync(id, "submit", null, result, "Application submitted: the plan reviews each area.");
    }

    public async Task<IActionResult> OnPostReviewAsync(Guid id, string code, string? compliant, string? comment, string? missingInformation, string? expectedDocumentation, DateOnly? dueDate)
    {
        bool? value = compliant switch { "yes" => true, "no" => false, _ => null };
        var result = await writer.ReviewAsync(id, code, new AreaReviewRequest(value, comment, missingInformation, expectedDocumentation, dueDate), HttpContext.RequestAborted);
        var flash = result.Value?.Status == ApplicationStatus.Certified ? "Every area is compliant: the application is certified." : $"Review of “{code}” saved.";
        return await AfterAsync(id, "review", code, result, flash);
    }

    public async Task<IActionResult> OnPostShareAsync(Guid id, Guid? planId)
    {
        var result = await writer.ShareAsync(id, new ShareRequest(planId), HttpContext.RequestAborted);
        return await AfterAsync(id, "share", null, result, "Shared: that plan can now read this application.");
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id)
    {
        var result = await writer.AcceptCertificationAsync(id, HttpContext.RequestAborted);
        return await AfterAsync(id, "accept", null, result, "You accepted this certification for your plan.");
    }

    /// <summary>A value the input rules refuse (an over-long text, a due date outside 1900-2200) is shown on the
    /// area's form that sent it.</summary>
    public Task<IActionResult> ShowInputProblemsAsync(InputProblems problems)
    {
        var form = problems.Handler is { Length: > 0 } h ? char.ToLowerInvariant(h[0]) + h[1..] : "";
        return ShowFormAsync(problems.Argument<Guid>("id"), form, problems.Argument<string>("code"), OutcomeKind.Invalid,
            fields => problems.AddTo(new FormErrors(), fields));
    }

    private async Task<IActionResult> AfterAsync<T>(Guid id, string form, string? code, Outcome<T> result, string flash)
    {
        if (result.Succeeded)
        {
            TempData["Flash"] = flash;
            return Redirect($"/network/applications/{id}" + (code is null ? "" : "#area-" + code));
        }

        if (result.Kind == OutcomeKind.NotFound && code is null)
        {
            return NotFound();
        }

        var errors = InPageWords(result.Errors, Request.HasFormContentType ? Request.Form : null);
        return await ShowFormAsync(id, form, code, result.Kind, fields =>
        {
            var shown = new FormErrors().AddProblems(errors.Count > 0 ? errors : null, result.Message, fields, "That did not work.");
            if (form == "submit" && result.Kind == OutcomeKind.Invalid)
            {
                // The areas still to answer, each on its own field, instead of one list at the top.
                shown = new FormErrors();
                foreach (var area in App.Areas.Where(CanEdit))
                {
                    if (string.IsNullOrWhiteSpace(area.Response))
                    {
                        shown.Add($"response-{area.Code}", $"{area.Title}, response", "Give a response before you submit.");
                    }

                    if (!Effort.IsKnown(area.Effort))
                    {
                        shown.Add($"effort-{area.Code}", $"{area.Title}, self-assessed effort", "Choose the effort before you submit.");
                    }
                }

                if (!shown.Any)
                {
                    shown.Add(null, null, result.Message ?? "The application was not submitted.");
                }
            }

            return shown;
        });
    }

    /// <summary>The page with the form sent back: its errors on its fields (the area's, when it is an area's form),
    /// what was typed kept, its area's form open.</summary>
    private async Task<IActionResult> ShowFormAsync(Guid id, string form, string? code, OutcomeKind kind,
        Func<IReadOnlyDictionary<string, (string Id, string Label)>, FormErrors> errors)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var known = App.Areas.Any(a => a.Code == code);
        var fields = (_forms.GetValueOrDefault(form) ?? new()).ToDictionary(
            f => f.Key, f => (Id: known && form is "answer" or "upload" or "review" ? $"{f.Value.Id}-{code}" : f.Value.Id, f.Value.Label), StringComparer.Ordinal);
        (FailedForm, ProblemArea) = (form, known ? code : null);
        foreach (var (name, (inputId, _)) in fields)
        {
            if (Request.HasFormContentType && Request.Form.TryGetValue(name, out var value))
            {
                _typed[inputId] = value.ToString();
            }
        }

        var shown = errors(fields);
        if (known && shown.Entries.Any(e => e.FieldId is null))
        {
            // A problem with the area as a whole (it can no longer change, say) is named with the area.
            var title = App.Areas.First(a => a.Code == code).Title;
            var named = new FormErrors();
            foreach (var e in shown.Entries)
            {
                named.Add(e.FieldId, e.Label, e.FieldId is null ? $"{title}: {e.Message}" : e.Message);
            }

            shown = named;
        }

        FormErrors = shown.OrderBy([.. fields.Values.Select(f => f.Id)]);
        Response.StatusCode = UploadedFile.StatusOf(kind);
        return Page();
    }

    /// <summary>The writer's problems in the words of the form (the API's words name its JSON fields).</summary>
    private static Dictionary<string, string[]> InPageWords(IReadOnlyDictionary<string, string[]>? errors, IFormCollection? form)
    {
        var words = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors ?? new Dictionary<string, string[]>())
        {
            words[key] = key switch
            {
                "compliant" => ["Choose Yes or No."],
                "effort" => ["Choose the self-assessed effort from the list."],
                "response" => [$"The response is limited to {ApplicationWriter.MaxResponseLength:N0} characters."],
                "planId" when string.IsNullOrEmpty(form?["planId"]) => ["Choose the plan to share with."],
                _ when key.StartsWith("evidence[", StringComparison.Ordinal) && int.TryParse(key[9..key.IndexOf(']', StringComparison.Ordinal)], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) =>
                    [.. messages.Select(m => $"Link {i + 1}: {m}")],
                _ => messages,
            };
        }

        return words;
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var result = await queries.GetAsync(id, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return false;
        }

        App = result.Value!;
        var org = User.GetOrganizationId();
        IsProvider = org == App.ProviderId;
        IsPlan = User.GetOrganizationType() == OrganizationType.Plan;
        IsAddressedPlan = IsPlan && org == App.PlanId;
        if (IsProvider)
        {
            var shared = App.Shares.Select(s => s.PlanId).Append(App.PlanId).ToList();
            OtherPlans = [.. (await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Plan && !shared.Contains(o.Id)).OrderBy(o => o.Name)
                .Select(o => new { o.Id, o.Name }).ToListAsync(HttpContext.RequestAborted)).Select(o => (o.Id, o.Name))];
        }

        return true;
    }

    public bool CanEdit(ApplicationAreaView area) =>
        IsProvider && ApplicationWorkflow.CannotEditArea(App.Status, new AreaState(area.Code, area.Response, area.Effort, area.Compliant, false)) is null;

    public bool CanReview => IsPlan && !App.CertifiedForReader && (IsAddressedPlan ? ApplicationWorkflow.CannotReview(App.Status) is null : App.Status != ApplicationStatus.Draft);
}
