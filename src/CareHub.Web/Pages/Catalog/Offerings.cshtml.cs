using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Catalog;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Catalog;

/// <summary>A plan administrator's own plan's offerings: add one, end one.</summary>
[Authorize(Roles = Roles.PlanAdmin)]
public sealed class OfferingsModel(OfferingService offerings, ProgramCatalog catalog, CareHubDbContext db, TimeProvider clock) : PageModel, IShowsInputProblems
{
    [BindProperty] public string? County { get; set; }
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public DateOnly? Start { get; set; }
    [BindProperty] public DateOnly? End { get; set; }

    public IReadOnlyList<string> PlanCounties { get; private set; } = [];
    public IReadOnlyList<CommunitySupport> Services => catalog.CommunitySupports;
    public IReadOnlyList<OfferingDto> Mine { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The offering whose end came back with errors, and the date typed for it.</summary>
    public Guid? FailedEnd { get; private set; }
    public string? TypedEnd { get; private set; }

    public static string EndId(Guid offeringId) => $"end-{offeringId}";

    // The add form's inputs are named for the bound properties; the service names the offering's fields.
    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["county"] = ("County", "County"),
        ["communitySupportCode"] = ("Service", "Community Support"),
        ["start"] = ("Start", "Start"),
        ["end"] = ("End", "End"),
        ["County"] = ("County", "County"),
        ["Service"] = ("Service", "Community Support"),
        ["Start"] = ("Start", "Start"),
        ["End"] = ("End", "End"),
    };

    private static readonly string[] _fieldOrder = ["County", "Service", "Start", "End"];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var form = new FormErrors();
        if (string.IsNullOrWhiteSpace(County)) { form.Add("County", "County", "Choose a county."); }
        if (string.IsNullOrWhiteSpace(Service)) { form.Add("Service", "Community Support", "Choose a Community Support."); }
        if (Start is null) { form.Add("Start", "Start", "Give the start date, January 1 or July 1 (mm/dd/yyyy)."); }
        var kind = OutcomeKind.Invalid;
        if (!form.Any)
        {
            var result = await offerings.AddAsync(User.GetOrganizationId()!.Value, County!, Service!, Start!.Value, End, User.Identity?.Name, HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                TempData["Flash"] = $"Added: {result.Value!.CommunitySupportName} in {result.Value.County} from {result.Value.Start:yyyy-MM-dd}.";
                return RedirectToPage();
            }

            form.AddProblems(result.Errors, result.Message, _fields, "The offering was not added.");
            kind = result.Kind;
        }

        return await ShowAsync(kind, form.OrderBy(_fieldOrder));
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, DateOnly? endDate)
    {
        var field = new Dictionary<string, (string Id, string Label)>(StringComparer.Ordinal) { ["end"] = (EndId(id), "Last day") };
        if (endDate is null)
        {
            return await ShowEndAsync(id, OutcomeKind.Invalid, new FormErrors().Add(EndId(id), "Last day", "Give the last day the service is offered (mm/dd/yyyy)."));
        }

        var result = await offerings.EndAsync(User.GetOrganizationId()!.Value, id, endDate.Value, User.Identity?.Name, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Offering ends {endDate:yyyy-MM-dd}.";
            return RedirectToPage();
        }

        // Whatever the rule, the date typed is what the plan administrator can change.
        var errors = new Dictionary<string, string[]> { ["end"] = [.. result.Problems] };
        return await ShowEndAsync(id, result.Kind, new FormErrors().AddProblems(errors, result.Message, field, "The offering was not ended."));
    }

    /// <summary>A date outside 1900-2200 is shown on the form that sent it.</summary>
    public async Task<IActionResult> ShowInputProblemsAsync(InputProblems problems)
    {
        if (problems.Handler == "End")
        {
            var id = problems.Argument<Guid>("id");
            var field = new Dictionary<string, (string Id, string Label)>(StringComparer.Ordinal) { ["endDate"] = (EndId(id), "Last day") };
            return await ShowEndAsync(id, OutcomeKind.Invalid, problems.AddTo(new FormErrors(), field));
        }

        return await ShowAsync(OutcomeKind.Invalid, problems.AddTo(new FormErrors(), _fields).OrderBy(_fieldOrder));
    }

    private Task<IActionResult> ShowEndAsync(Guid id, OutcomeKind kind, FormErrors errors)
    {
        (FailedEnd, TypedEnd) = (id, Request.HasFormContentType ? Request.Form["endDate"].ToString() : null);
        return ShowAsync(kind, errors);
    }

    private async Task<IActionResult> ShowAsync(OutcomeKind kind, FormErrors errors)
    {
        FormErrors = errors;
        Response.StatusCode = UploadedFile.StatusOf(kind);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var planId = User.GetOrganizationId();
        PlanCounties = await db.Organizations.Where(o => o.Id == planId).Select(o => o.Counties).FirstOrDefaultAsync() ?? [];
        Mine = await offerings.ListAsync(null, null, planId, HttpContext.RequestAborted);
        // Only the add form sent back keeps its own (possibly empty) start; otherwise the next possible start is offered.
        if (FormErrors.Any && FailedEnd is null)
        {
            return;
        }

        Start ??= NextStart(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
    }

    private static DateOnly NextStart(DateOnly today) => today.Month < 7 ? new DateOnly(today.Year, 7, 1) : new DateOnly(today.Year + 1, 1, 1);
}
