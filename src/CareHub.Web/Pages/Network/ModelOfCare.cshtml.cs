using System.ComponentModel.DataAnnotations;
using CareHub.Catalog;
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

/// <summary>The plan's Model of Care workspace: the state's questions (page, response or link, owner, comments,
/// status) and the go-live schedule by county, each row edited in place, and the latest changes. Every change goes
/// through the Model of Care use cases, as the JSON API's do.</summary>
[Authorize(Roles = Roles.PlanRoles)]
public sealed class ModelOfCareModel(ModelOfCareQueries queries, ProgramCatalog catalog, CareHubDbContext db, TimeProvider clock) : PageModel
{
    public const string NewRow = "new";

    public static IReadOnlyList<string> Statuses => ModelOfCareRules.Statuses;

    public IReadOnlyList<ModelOfCareItemView> Items { get; private set; } = [];
    public IReadOnlyList<GoLiveView> GoLive { get; private set; } = [];
    public IReadOnlyList<ModelOfCareEventView> History { get; private set; } = [];
    public IReadOnlyList<string> Counties { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Populations => [.. catalog.Populations.Select(p => (p.Code, p.Name))];
    public IReadOnlyList<(string Code, string Name)> Services => [.. catalog.CommunitySupports.Select(s => (s.Code, s.Name))];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The row whose form came back with problems (<c>item-…</c> or <c>go-live-…</c>), shown with what was sent.</summary>
    public string? FailedRow { get; private set; }
    public ModelOfCareItemRequest? SentItem { get; private set; }
    public GoLiveRequest? SentGoLive { get; private set; }

    /// <summary>The go-live date as sent (it may not read as a date), kept when the row comes back with errors.</summary>
    public string? SentGoLiveText { get; private set; }

    /// <summary>Why the go-live date sent does not read as a date, in the field's words.</summary>
    private string? _dateProblem;

    public static string Key(Guid? id) => id?.ToString("N") ?? NewRow;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddItemAsync(string? question, string? pageRef, [MaxLength(ModelOfCareRules.MaxResponse)] string? response,
        string? owner, string? comments, string? status, [FromServices] AddModelOfCareItem use)
    {
        SentItem = new ModelOfCareItemRequest(question, pageRef, response, owner, comments, status);
        return await AfterAsync(await use.HandleAsync(SentItem, HttpContext.RequestAborted), "item-" + NewRow, ItemFields(NewRow),
            "Deliverable added.", "The deliverable was not added.");
    }

    public async Task<IActionResult> OnPostEditItemAsync(Guid id, string? question, string? pageRef, [MaxLength(ModelOfCareRules.MaxResponse)] string? response,
        string? owner, string? comments, string? status, DateTimeOffset? updatedAt, [FromServices] EditModelOfCareItem use)
    {
        SentItem = new ModelOfCareItemRequest(question, pageRef, response, owner, comments, status, updatedAt);
        return await AfterAsync(await use.HandleAsync(id, SentItem, HttpContext.RequestAborted), "item-" + Key(id), ItemFields(Key(id)),
            "Deliverable saved.", "The deliverable was not saved.");
    }

    public async Task<IActionResult> OnPostRemoveItemAsync(Guid id, [FromServices] RemoveModelOfCareItem use) =>
        await AfterAsync(await use.HandleAsync(id, HttpContext.RequestAborted), "item-" + Key(id), ItemFields(Key(id)),
            "Deliverable removed.", "The deliverable was not removed.");

    public async Task<IActionResult> OnPostAddGoLiveAsync(string? county, string? population, string? goLive, [FromServices] AddGoLiveEntry use)
    {
        SentGoLive = ReadGoLive(county, population, goLive);
        return await AfterAsync(await use.HandleAsync(SentGoLive, HttpContext.RequestAborted), "go-live-" + NewRow, GoLiveFields(NewRow),
            "Go-live date added.", "The go-live date was not added.");
    }

    public async Task<IActionResult> OnPostEditGoLiveAsync(Guid id, string? county, string? population, string? goLive, [FromServices] EditGoLiveEntry use)
    {
        SentGoLive = ReadGoLive(county, population, goLive);
        return await AfterAsync(await use.HandleAsync(id, SentGoLive, HttpContext.RequestAborted), "go-live-" + Key(id), GoLiveFields(Key(id)),
            "Go-live date saved.", "The go-live date was not saved.");
    }

    public async Task<IActionResult> OnPostRemoveGoLiveAsync(Guid id, [FromServices] RemoveGoLiveEntry use) =>
        await AfterAsync(await use.HandleAsync(id, HttpContext.RequestAborted), "go-live-" + Key(id), GoLiveFields(Key(id)),
            "Go-live date removed.", "The go-live date was not removed.");

    /// <summary>The input ids and labels of a deliverable's row, by the field names the use case gives.</summary>
    public static Dictionary<string, (string Id, string Label)> ItemFields(string key) => new(StringComparer.Ordinal)
    {
        ["question"] = ($"question-{key}", "Question"),
        ["page"] = ($"pageRef-{key}", "Page"),
        ["response"] = ($"response-{key}", "Response or link"),
        ["owner"] = ($"owner-{key}", "Owner"),
        ["comments"] = ($"comments-{key}", "Comments"),
        ["status"] = ($"status-{key}", "Status"),
    };

    public static Dictionary<string, (string Id, string Label)> GoLiveFields(string key) => new(StringComparer.Ordinal)
    {
        ["county"] = ($"county-{key}", "County"),
        ["population"] = ($"population-{key}", "Population of Focus or Community Support"),
        ["goLive"] = ($"goLive-{key}", "Go-live"),
    };

    private async Task<IActionResult> AfterAsync<T>(Outcome<T> result, string row, Dictionary<string, (string Id, string Label)> fields, string done, string fallback)
    {
        if (result.Succeeded)
        {
            TempData["Flash"] = done;
            return RedirectToPage();
        }

        if (result.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        // Missing values are asked for in the page's words and in the format its fields show; the rest as the use case says.
        var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Value);
        if (errors.ContainsKey("question") && string.IsNullOrWhiteSpace(SentItem?.Question))
        {
            errors["question"] = ["Enter the state's question or deliverable."];
        }

        if (errors.ContainsKey("goLive") && SentGoLive is { GoLive: null })
        {
            errors["goLive"] = [_dateProblem ?? "Enter the go-live date (mm/dd/yyyy): January 1 or July 1."];
        }

        FailedRow = row;
        FormErrors = new FormErrors().AddProblems(errors.Count > 0 ? errors : null, result.Message, fields, fallback)
            .OrderBy([.. fields.Values.Select(f => f.Id)]);
        Response.StatusCode = UploadedFile.StatusOf(result.Kind);
        await LoadAsync();
        return Page();
    }

    /// <summary>The entry as sent; a date that does not read goes to the use case as missing, and its problem is
    /// named on the field instead.</summary>
    private GoLiveRequest ReadGoLive(string? county, string? population, string? goLive)
    {
        SentGoLiveText = goLive;
        (var date, _dateProblem) = FormDates.Read(goLive);
        return new GoLiveRequest(county, population, date);
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Items = await queries.ItemsAsync(ct);
        GoLive = await queries.GoLiveAsync(ct);
        History = await queries.HistoryAsync(15, ct);
        var planId = User.GetOrganizationId();
        Counties = await db.Organizations.AsNoTracking().Where(o => o.Id == planId).Select(o => o.Counties).FirstOrDefaultAsync(ct) ?? [];
    }
}
