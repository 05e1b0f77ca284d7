using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Referrals;

/// <summary>One referral: what was asked, the plan's decision and clock, the provider's steps, services, extensions
/// and the timeline every party sees. The forms shown depend on the caller's part in the referral.</summary>
[Authorize(Roles = Roles.MemberViewers)]
public sealed class DetailModel(ReferralQueries referrals, CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock) : PageModel, IShowsInputProblems
{
    public ReferralDetail Referral { get; private set; } = null!;
    public bool IsPlan { get; private set; }
    public bool IsCbo { get; private set; }
    public bool IsReferrer { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Cbos { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The form sent back with errors (approve, deny, pend, accept, …); its fields keep what was typed.</summary>
    public string? FailedForm { get; private set; }

    private readonly Dictionary<string, string> _typed = new(StringComparer.Ordinal);

    // Each form's inputs: the use case's problem field name to the input's id and label.
    private static readonly Dictionary<string, Dictionary<string, (string Id, string Label)>> _forms = new(StringComparer.Ordinal)
    {
        ["approve"] = new()
        {
            ["start"] = ("ap-start", "From"),
            ["end"] = ("ap-end", "To"),
            ["quantity"] = ("ap-quantity", "Units"),
            ["amount"] = ("ap-amount", "Amount"),
            ["cboId"] = ("ap-cbo", "Provider"),
            ["limitException"] = ("ap-exception", "Exception"),
            ["exceptionReason"] = ("ap-exception-reason", "Why the plan approves above the limit")
        },
        ["deny"] = new() { ["reason"] = ("dn-reason", "Reason"), ["memberNotice"] = ("dn-notice", "Notice to the member") },
        ["pend"] = new() { ["reason"] = ("pd-reason", "What is needed") },
        ["accept"] = new() { ["capacity"] = ("ac-capacity", "Members you can still take on"), ["note"] = ("ac-note", "Note") },
        ["decline"] = new() { ["reason"] = ("dc-reason", "Reason"), ["note"] = ("dc-note", "Note"), ["capacity"] = ("dc-capacity", "Members you can still take on") },
        ["schedule"] = new() { ["at"] = ("sc-at", "First service"), ["note"] = ("sc-note", "Note") },
        ["service"] = new()
        {
            ["serviceDate"] = ("sv-date", "Service date"),
            ["endDate"] = ("sv-end", "Through"),
            ["quantity"] = ("sv-quantity", "Units delivered"),
            ["amount"] = ("sv-amount", "Amount"),
            ["note"] = ("sv-note", "Note")
        },
        ["close"] = new() { ["outcome"] = ("cl-outcome", "Outcome"), ["note"] = ("cl-note", "What happened") },
        ["extension"] = new()
        {
            ["requestedEnd"] = ("ex-end", "New end date"),
            ["requestedQuantity"] = ("ex-quantity", "More units"),
            ["requestedAmount"] = ("ex-amount", "More dollars"),
            ["reason"] = ("ex-reason", "Why it is needed")
        },
        ["resubmit"] = new() { ["information"] = ("rs-info", "Information") },
        ["cancel"] = new() { ["reason"] = ("cn-reason", "Why") },
        ["extensionDecision"] = new(),
    };

    /// <summary>What the user typed into an input of the form sent back, or <paramref name="fallback"/>.</summary>
    public string? Typed(string inputId, string? fallback = null) => _typed.TryGetValue(inputId, out var v) ? v : fallback;
    public DateOnly Today { get; private set; }

    /// <summary>The documented exceptions of the service's limits, for approving above a limit.</summary>
    public IReadOnlyList<LimitException> LimitExceptions { get; private set; } = [];

    public bool Can(ReferralStatus status) => Referral.AllowedActions.Contains(status.ToCode());

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostDecideAsync(Guid id, string? decision, DateOnly? start, DateOnly? end, decimal? quantity, decimal? amount, Guid? cboId, string? reason, string? memberNotice,
        string? limitException, string? exceptionReason, [FromServices] DecideReferral use) =>
        RunAsync(id, decision is "approve" or "deny" or "pend" ? decision : "approve", use.HandleAsync(id, new DecisionInput(decision, start, end, quantity, amount, cboId, reason, memberNotice, limitException, exceptionReason), HttpContext.RequestAborted),
            decision switch { "approve" => "Approved.", "deny" => "Denied; the member notice is saved.", _ => "Pended for more information." });

    public Task<IActionResult> OnPostAcceptAsync(Guid id, int? capacity, string? note, [FromServices] AcceptReferral use) =>
        RunAsync(id, "accept", use.HandleAsync(id, new CboResponseInput(null, note, capacity), HttpContext.RequestAborted), "Accepted.");

    public Task<IActionResult> OnPostDeclineAsync(Guid id, string? reason, string? note, int? capacity, [FromServices] DeclineReferral use) =>
        RunAsync(id, "decline", use.HandleAsync(id, new CboResponseInput(reason, note, capacity), HttpContext.RequestAborted), "Declined; the plan and the referrer see why.");

    public Task<IActionResult> OnPostScheduleAsync(Guid id, DateTime? at, string? note, [FromServices] ScheduleReferral use) =>
        RunAsync(id, "schedule", use.HandleAsync(id, new ScheduleInput(at is { } a ? new DateTimeOffset(DateTime.SpecifyKind(a, DateTimeKind.Utc)) : null, note), HttpContext.RequestAborted), "Scheduled.");

    public Task<IActionResult> OnPostServiceAsync(Guid id, DateOnly? serviceDate, DateOnly? endDate, decimal? quantity, decimal? amount, string? note, [FromServices] RecordService use) =>
        RunAsync(id, "service", use.HandleAsync(id, new ServiceInput(serviceDate, endDate, quantity, amount, note), HttpContext.RequestAborted), "Service recorded.");

    public Task<IActionResult> OnPostCloseAsync(Guid id, string? outcome, string? note, [FromServices] CloseReferral use) =>
        RunAsync(id, "close", use.HandleAsync(id, new CloseInput(outcome, note), HttpContext.RequestAborted), "Closed; the referrer sees the outcome.");

    public Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, [FromServices] CancelReferral use) =>
        RunAsync(id, "cancel", use.HandleAsync(id, new CancelInput(reason), HttpContext.RequestAborted), "Cancelled.");

    public Task<IActionResult> OnPostResubmitAsync(Guid id, string? information, [FromServices] ResubmitReferral use) =>
        RunAsync(id, "resubmit", use.HandleAsync(id, new ResubmitInput(information), HttpContext.RequestAborted), "Sent back to the plan with the information.");

    public Task<IActionResult> OnPostExtensionAsync(Guid id, DateOnly? requestedEnd, decimal? requestedQuantity, decimal? requestedAmount, string? reason, [FromServices] RequestExtension use) =>
        RunAsync(id, "extension", use.HandleAsync(id, new ExtensionInput(requestedEnd, requestedQuantity, requestedAmount, reason), HttpContext.RequestAborted), "Extension requested.");

    public Task<IActionResult> OnPostExtensionDecisionAsync(Guid id, Guid extensionId, string? decision, string? note, string? limitException, [FromServices] DecideExtension use) =>
        RunAsync(id, "extensionDecision", use.HandleAsync(id, extensionId, new ExtensionDecisionInput(decision, note, limitException), HttpContext.RequestAborted), decision == "approve" ? "Extension approved." : "Extension denied.");

    private async Task<IActionResult> RunAsync(Guid id, string form, Task<Outcome<ReferralDetail>> operation, string done)
    {
        var result = await operation;
        if (result.Succeeded)
        {
            TempData["Flash"] = done;
            return Redirect($"/referrals/{id}");
        }

        if (result.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }

        return await ShowFormAsync(id, form, fields => new FormErrors().AddProblems(result.Errors, result.Message, fields, "That did not work."));
    }

    /// <summary>The page with the form sent back: its errors on its fields, what was typed kept.</summary>
    private async Task<IActionResult> ShowFormAsync(Guid id, string form, Func<IReadOnlyDictionary<string, (string Id, string Label)>, FormErrors> errors)
    {
        var fields = form == "extensionDecision" && Request.HasFormContentType
            ? new Dictionary<string, (string Id, string Label)> { ["note"] = ("exn-" + Request.Form["extensionId"], "Note") }
            : _forms.GetValueOrDefault(form) ?? new();
        FailedForm = form;
        foreach (var (name, (inputId, _)) in fields)
        {
            if (Request.HasFormContentType && Request.Form.TryGetValue(name, out var value))
            {
                _typed[inputId] = value.ToString();
            }
        }

        FormErrors = errors(fields).OrderBy([.. fields.Values.Select(f => f.Id)]);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    /// <summary>A value the input rules refuse (a date outside 1900-2200, an over-long text) is shown on the form that
    /// sent it, as the use case's own problems are.</summary>
    public Task<IActionResult> ShowInputProblemsAsync(InputProblems problems)
    {
        var form = problems.Handler switch
        {
            "Decide" => problems.Argument<string>("decision") is "deny" or "pend" ? problems.Argument<string>("decision")! : "approve",
            { Length: > 0 } handler => char.ToLowerInvariant(handler[0]) + handler[1..],
            _ => "",
        };
        return ShowFormAsync(problems.Argument<Guid>("id"), form, fields => problems.AddTo(new FormErrors(), fields));
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var detail = await referrals.GetAsync(id, Request.Path, HttpContext.RequestAborted);
        if (detail is null)
        {
            return false;
        }

        Referral = detail;
        var org = User.GetOrganizationId();
        IsPlan = User.GetOrganizationType() == OrganizationType.Plan && org == detail.Summary.PlanId;
        IsCbo = org == detail.Summary.CboId;
        IsReferrer = org == detail.Summary.ReferringOrganizationId;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (IsPlan)
        {
            var cbos = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Cbo).OrderBy(o => o.Name).ToListAsync(HttpContext.RequestAborted);
            Cbos = [.. cbos.Select(o => (o.Id, o.Name))];
            var service = catalog.CommunitySupportOn(detail.Summary.CommunitySupportCode, detail.Summary.RequestedStart);
            LimitExceptions = service is null ? []
                : [.. service.Version.Limits.SelectMany(l => l.ExceptionList).Concat(service.SharedLimits.SelectMany(l => l.ExceptionList)).DistinctBy(e => e.Code)];
        }

        return true;
    }
}
