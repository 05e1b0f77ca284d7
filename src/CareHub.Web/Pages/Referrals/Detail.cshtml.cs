using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
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
public sealed class DetailModel(ReferralQueries referrals, CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock) : PageModel
{
    public ReferralDetail Referral { get; private set; } = null!;
    public bool IsPlan { get; private set; }
    public bool IsCbo { get; private set; }
    public bool IsReferrer { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Cbos { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public DateOnly Today { get; private set; }

    /// <summary>The documented exceptions of the service's limits, for approving above a limit.</summary>
    public IReadOnlyList<LimitException> LimitExceptions { get; private set; } = [];

    public bool Can(ReferralStatus status) => Referral.AllowedActions.Contains(status.ToCode());

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostDecideAsync(Guid id, string? decision, DateOnly? start, DateOnly? end, decimal? quantity, decimal? amount, Guid? cboId, string? reason, string? memberNotice,
        string? limitException, string? exceptionReason, [FromServices] DecideReferral use) =>
        RunAsync(id, use.HandleAsync(id, new DecisionInput(decision, start, end, quantity, amount, cboId, reason, memberNotice, limitException, exceptionReason), HttpContext.RequestAborted),
            decision switch { "approve" => "Approved.", "deny" => "Denied; the member notice is saved.", _ => "Pended for more information." });

    public Task<IActionResult> OnPostAcceptAsync(Guid id, int? capacity, string? note, [FromServices] AcceptReferral use) =>
        RunAsync(id, use.HandleAsync(id, new CboResponseInput(null, note, capacity), HttpContext.RequestAborted), "Accepted.");

    public Task<IActionResult> OnPostDeclineAsync(Guid id, string? reason, string? note, int? capacity, [FromServices] DeclineReferral use) =>
        RunAsync(id, use.HandleAsync(id, new CboResponseInput(reason, note, capacity), HttpContext.RequestAborted), "Declined; the plan and the referrer see why.");

    public Task<IActionResult> OnPostScheduleAsync(Guid id, DateTime? at, string? note, [FromServices] ScheduleReferral use) =>
        RunAsync(id, use.HandleAsync(id, new ScheduleInput(at is { } a ? new DateTimeOffset(DateTime.SpecifyKind(a, DateTimeKind.Utc)) : null, note), HttpContext.RequestAborted), "Scheduled.");

    public Task<IActionResult> OnPostServiceAsync(Guid id, DateOnly? serviceDate, DateOnly? endDate, decimal? quantity, decimal? amount, string? note, [FromServices] RecordService use) =>
        RunAsync(id, use.HandleAsync(id, new ServiceInput(serviceDate, endDate, quantity, amount, note), HttpContext.RequestAborted), "Service recorded.");

    public Task<IActionResult> OnPostCloseAsync(Guid id, string? outcome, string? note, [FromServices] CloseReferral use) =>
        RunAsync(id, use.HandleAsync(id, new CloseInput(outcome, note), HttpContext.RequestAborted), "Closed; the referrer sees the outcome.");

    public Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, [FromServices] CancelReferral use) =>
        RunAsync(id, use.HandleAsync(id, new CancelInput(reason), HttpContext.RequestAborted), "Cancelled.");

    public Task<IActionResult> OnPostResubmitAsync(Guid id, string? information, [FromServices] ResubmitReferral use) =>
        RunAsync(id, use.HandleAsync(id, new ResubmitInput(information), HttpContext.RequestAborted), "Sent back to the plan with the information.");

    public Task<IActionResult> OnPostExtensionAsync(Guid id, DateOnly? requestedEnd, decimal? requestedQuantity, decimal? requestedAmount, string? reason, [FromServices] RequestExtension use) =>
        RunAsync(id, use.HandleAsync(id, new ExtensionInput(requestedEnd, requestedQuantity, requestedAmount, reason), HttpContext.RequestAborted), "Extension requested.");

    public Task<IActionResult> OnPostExtensionDecisionAsync(Guid id, Guid extensionId, string? decision, string? note, string? limitException, [FromServices] DecideExtension use) =>
        RunAsync(id, use.HandleAsync(id, extensionId, new ExtensionDecisionInput(decision, note, limitException), HttpContext.RequestAborted), decision == "approve" ? "Extension approved." : "Extension denied.");

    private async Task<IActionResult> RunAsync(Guid id, Task<Outcome<ReferralDetail>> operation, string done)
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

        Problems = result.Errors is { Count: > 0 } errors ? [.. errors.SelectMany(e => e.Value)] : [result.Message ?? "That did not work."];
        return await LoadAsync(id) ? Page() : NotFound();
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
