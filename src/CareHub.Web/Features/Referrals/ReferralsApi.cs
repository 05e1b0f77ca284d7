using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Features.Referrals;

/// <summary>The Community Supports referral JSON API: create (idempotent), check, list, read, decide, the CBO's
/// steps, extensions, the member's referrals and usage, and webhook subscriptions.</summary>
public static class ReferralsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var viewers = Roles.MemberViewers.Split(',');
        var planRoles = Roles.PlanRoles.Split(',');
        var g = app.MapGroup("/api/referrals").WithTags("Referrals").RequireAuthorization(p => p.RequireRole(viewers));
        g.MapPost("/", Create).WithSummary("Refers a member to a Community Support. Send an Idempotency-Key header: the same key twice creates one referral.");
        g.MapPost("/check", Check).WithSummary("The instant check: offered by the member's plan in the member's county on the date, criteria, limits.");
        g.MapGet("/", List).WithSummary("Referrals of the caller's organization (role=plan|referrer|cbo, status=...).");
        g.MapGet("/queue", Queue).WithSummary("The plan's authorization queue, soonest due first.").RequireAuthorization(p => p.RequireRole(planRoles));
        g.MapGet("/reports/time-in-status", TimeInStatus).WithSummary("Average and longest time in each status, from the stored history.");
        g.MapGet("/settings", GetSettings).RequireAuthorization(p => p.RequireRole(planRoles));
        g.MapPut("/settings", PutSettings).WithSummary("The plan's routine and expedited decision clocks (hours).").RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin));
        g.MapGet("/{id:guid}", Get);
        g.MapPost("/{id:guid}/decision", Decide).WithSummary("approve (start, end, quantity, amount, cboId), deny (reason, memberNotice) or pend (reason).").RequireAuthorization(p => p.RequireRole(planRoles));
        g.MapPost("/{id:guid}/resubmit", (Guid id, ResubmitInput input, ResubmitReferral use, CancellationToken ct) => Respond(use.HandleAsync(id, input, ct)));
        g.MapPost("/{id:guid}/cancel", (Guid id, CancelInput input, CancelReferral use, CancellationToken ct) => Respond(use.HandleAsync(id, input, ct)));
        g.MapPost("/{id:guid}/accept", (Guid id, CboResponseInput input, AcceptReferral use, CancellationToken ct) => Respond(use.HandleAsync(id, input, ct)));
        g.MapPost("/{id:guid}/decline", (Guid id, CboResponseInput input, DeclineReferral use, CancellationToken ct) => Respond(use.HandleAsync(id, input, ct)));
        g.MapPost("/{id:guid}/schedule", (Guid id, ScheduleInput input, ScheduleReferral use, CancellationToken ct) => Respond(use.HandleAsync(id, input, ct)));
        g.MapPost("/{id:guid}/services", (Guid id, ServiceInput input, RecordService use, CancellationToken ct) => Respond(use.HandleAsync(id, input, ct)));
        g.MapPost("/{id:guid}/close", (Guid id, CloseInput input, CloseReferral use, CancellationToken ct) => Respond(use.HandleAsync(id, input, ct)));
        g.MapPost("/{id:guid}/extensions", (Guid id, ExtensionInput input, RequestExtension use, CancellationToken ct) => Respond(use.HandleAsync(id, input, ct)));
        g.MapPost("/{id:guid}/extensions/{extensionId:guid}/decision", (Guid id, Guid extensionId, ExtensionDecisionInput input, DecideExtension use, CancellationToken ct) =>
            Respond(use.HandleAsync(id, extensionId, input, ct))).RequireAuthorization(p => p.RequireRole(planRoles));
        g.MapGet("/{id:guid}/documents/{documentId:guid}", Document);

        var m = app.MapGroup("/api/members/{memberId:guid}").WithTags("Referrals").RequireAuthorization(p => p.RequireRole(viewers));
        m.MapGet("/referrals", MemberReferrals).WithSummary("The member's Community Supports referrals.");
        m.MapGet("/cs-usage", MemberUsage).WithSummary("The member's use of each Community Support against its limits, across plans and counties.");
        m.MapPost("/referrals/follow", Follow).WithSummary("After a plan or county move: open referrals move to the member's current plan and county.")
            .RequireAuthorization(p => p.RequireRole(planRoles));

        var w = app.MapGroup("/api/webhooks/subscriptions").WithTags("Webhooks").RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin));
        w.MapGet("/", Subscriptions);
        w.MapPost("/", Subscribe).WithSummary("Registers a URL for referral status events; the signing secret is shown only in this response.");
        w.MapDelete("/{id:guid}", Unsubscribe);
        return app;
    }

    public sealed record SettingsInput(int RoutineHours, int ExpeditedHours);

    public sealed record SubscriptionInput(string? Url, string? Description);

    public sealed record SubscriptionDto(Guid Id, string Url, string? Description, bool Active, DateTimeOffset CreatedAt, int Pending, int Delivered, int Failed, string? Secret = null);

    private static async Task<IResult> Create(ReferralInput input, HttpContext http, CreateReferral create)
    {
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        var result = await create.HandleAsync(input, key, "api", http.RequestAborted);
        return ToHttp(result);
    }

    private static async Task<IResult> Check(ReferralInput input, CheckReferral check, AuditTrail audit, HttpContext http)
    {
        var result = await check.HandleAsync(input, null, http.RequestAborted);
        if (result is null)
        {
            return NotFound($"No member {input.MemberId} is visible to your organization.");
        }

        await audit.RecordAsync("cs-referral.check", input.MemberId, http.Request.Path, $"{input.CommunitySupportCode}; canProceed={result.CanProceed}", http.RequestAborted);
        return TypedResults.Ok(CheckDto.From(result));
    }

    private static async Task<IResult> List(string? role, string? status, ReferralQueries referrals, HttpContext http)
    {
        ReferralStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!ReferralStatuses.TryParse(status, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not a referral status; use one of {string.Join(", ", Enum.GetValues<ReferralStatus>().Select(s => s.ToCode()))}."] });
            }

            wanted = parsed;
        }

        if (role is not (null or "" or "plan" or "referrer" or "cbo"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["role is plan, referrer or cbo."] });
        }

        return TypedResults.Ok(await referrals.ListAsync(role, wanted, http.Request.Path + http.Request.QueryString, ct: http.RequestAborted));
    }

    private static async Task<IResult> Queue(ReferralQueries referrals, HttpContext http) =>
        TypedResults.Ok(await referrals.QueueAsync(http.Request.Path, http.RequestAborted));

    private static async Task<IResult> TimeInStatus(ReferralQueries referrals, HttpContext http) =>
        TypedResults.Ok(await referrals.TimeInStatusAsync(http.RequestAborted));

    private static async Task<IResult> GetSettings(ReferralQueries referrals, HttpContext http)
    {
        var s = await referrals.SettingsAsync(http.User.GetOrganizationId() ?? Guid.Empty, http.RequestAborted);
        return TypedResults.Ok(new SettingsInput(s.RoutineHours, s.ExpeditedHours));
    }

    private static async Task<IResult> PutSettings(SettingsInput input, UpdateDecisionClocks update, HttpContext http)
    {
        var result = await update.HandleAsync(input.RoutineHours, input.ExpeditedHours, http.RequestAborted);
        return result.Succeeded ? TypedResults.Ok(new SettingsInput(result.Value!.RoutineHours, result.Value.ExpeditedHours)) : result.ToProblem();
    }

    private static async Task<IResult> Get(Guid id, ReferralQueries referrals, HttpContext http)
    {
        var detail = await referrals.GetAsync(id, http.Request.Path, http.RequestAborted);
        return detail is null ? NotFound($"No referral {id} is visible to your organization.") : TypedResults.Ok(detail);
    }

    private static Task<IResult> Decide(Guid id, DecisionInput input, DecideReferral decide, HttpContext http) =>
        Respond(decide.HandleAsync(id, input, http.RequestAborted));

    private static async Task<IResult> Document(Guid id, Guid documentId, ReferralQueries referrals, HttpContext http)
    {
        var found = await referrals.DocumentAsync(id, documentId, http.RequestAborted);
        if (found.Value is not { } doc)
        {
            return found.ToHttp();
        }

        // A link is shown as a link in the referral's documents; this route never redirects to a stored address.
        // Files are always downloads, with a content type a browser will not run.
        return doc.Content is null
            ? NotFound("This document is a link, not a file; its address is in the referral's documents.")
            : TypedResults.File(doc.Content, InputRules.SafeContentType(doc.ContentType), DownloadName(doc.Title));
    }

    private static string DownloadName(string title)
    {
        var name = new string(title.Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/')).ToArray()).Trim();
        return name.Length == 0 ? "document" : name;
    }

    private static async Task<IResult> MemberReferrals(Guid memberId, ReferralQueries referrals, CareHubDbContext db, HttpContext http)
    {
        if (!await db.Members.AnyAsync(x => x.Id == memberId, http.RequestAborted))
        {
            return NotFound($"No member {memberId} is visible to your organization.");
        }

        return TypedResults.Ok(await referrals.ForMemberAsync(memberId, http.Request.Path, http.RequestAborted));
    }

    private static async Task<IResult> MemberUsage(Guid memberId, ReferralQueries referrals, CareHubDbContext db, AuditTrail audit, HttpContext http)
    {
        if (!await db.Members.AnyAsync(x => x.Id == memberId, http.RequestAborted))
        {
            return NotFound($"No member {memberId} is visible to your organization.");
        }

        var usage = await referrals.UsageAsync(memberId, http.RequestAborted);
        await audit.RecordAsync("cs-usage.read", memberId, http.Request.Path, null, http.RequestAborted);
        return TypedResults.Ok(usage);
    }

    private static async Task<IResult> Follow(Guid memberId, FollowMember follow, HttpContext http)
    {
        var result = await follow.HandleAsync(memberId, http.RequestAborted);
        return result.Succeeded ? TypedResults.Ok(new { moved = result.Value }) : result.ToProblem();
    }

    private static async Task<IResult> Subscriptions(CareHubDbContext db, HttpContext http)
    {
        var org = http.User.GetOrganizationId();
        var subs = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.OrganizationId == org).OrderBy(s => s.CreatedAt).ToListAsync(http.RequestAborted);
        var ids = subs.Select(s => s.Id).ToList();
        var counts = await db.OutboxMessages.AsNoTracking().Where(o => ids.Contains(o.SubscriptionId))
            .GroupBy(o => o.SubscriptionId)
            .Select(x => new { Id = x.Key, Pending = x.Count(o => o.DeliveredAt == null && o.FailedAt == null), Delivered = x.Count(o => o.DeliveredAt != null), Failed = x.Count(o => o.FailedAt != null) })
            .ToListAsync(http.RequestAborted);
        return TypedResults.Ok(subs.Select(s =>
        {
            var c = counts.FirstOrDefault(x => x.Id == s.Id);
            return new SubscriptionDto(s.Id, s.Url, s.Description, s.Active, s.CreatedAt, c?.Pending ?? 0, c?.Delivered ?? 0, c?.Failed ?? 0);
        }).ToList());
    }

    private static async Task<IResult> Subscribe(SubscriptionInput input, CareHubDbContext db, AuditTrail audit, TimeProvider clock, IOptionsMonitor<WebhookOptions> webhooks, HttpContext http)
    {
        var (uri, error) = await WebhookAddresses.CheckAsync(input.Url, webhooks.CurrentValue.AllowPrivateNetworks, http.RequestAborted);
        if (uri is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [error!] });
        }

        var sub = await CreateSubscriptionAsync(db, audit, clock, http.User.GetOrganizationId()!.Value, uri.ToString(), input.Description, http.User.Identity?.Name, http.RequestAborted);
        return TypedResults.Created($"/api/webhooks/subscriptions/{sub.Id}", new SubscriptionDto(sub.Id, sub.Url, sub.Description, sub.Active, sub.CreatedAt, 0, 0, 0, sub.Secret));
    }

    public static async Task<WebhookSubscription> CreateSubscriptionAsync(CareHubDbContext db, AuditTrail audit, TimeProvider clock, Guid organizationId, string url, string? description, string? by, CancellationToken ct)
    {
        var sub = new WebhookSubscription
        {
            OrganizationId = organizationId,
            Url = url,
            Secret = Webhooks.NewSecret(),
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = by,
        };
        db.Add(sub);
        audit.Add("webhook.subscribe", null, $"/api/webhooks/subscriptions/{sub.Id}", url);
        await db.SaveChangesAsync(ct);
        return sub;
    }

    private static async Task<IResult> Unsubscribe(Guid id, CareHubDbContext db, AuditTrail audit, HttpContext http)
    {
        var org = http.User.GetOrganizationId();
        var sub = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == id && s.OrganizationId == org, http.RequestAborted);
        if (sub is null)
        {
            return NotFound("No such subscription for your organization.");
        }

        sub.Active = false;
        audit.Add("webhook.unsubscribe", null, $"/api/webhooks/subscriptions/{sub.Id}", sub.Url);
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Respond(Task<Outcome<ReferralDetail>> operation) => ToHttp(await operation);

    public static IResult ToHttp(Outcome<ReferralDetail> result) => result.ToHttp(d => $"/api/referrals/{d.Summary.Id}");

    private static IResult NotFound(string detail) => OutcomeHttp.NotFound(detail);
}
