using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>Reading applications and their gaps. Visibility comes from the data layer's query filter: the provider
/// that applied, the plan it is addressed to and plans it was shared with.</summary>
public sealed class ApplicationQueries(CareHubDbContext db, ApplicationWriter writer, AuditTrail audit, TimeProvider clock)
{
    private IAccessScope Scope => db.Scope;

    /// <summary>The plan whose reviews the caller sees: its own (a plan) or the addressed plan's (the provider).</summary>
    private Guid ReviewingPlan(NetworkApplication app) => Scope.OrganizationType == OrganizationType.Plan ? Scope.OrganizationId!.Value : app.PlanId;

    public async Task<Outcome<ApplicationView>> GetAsync(Guid id, CancellationToken ct)
    {
        var app = await db.Set<NetworkApplication>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null)
        {
            return Outcome<ApplicationView>.NotFound($"Application {id} was not found.");
        }

        var template = ApplicationWriter.Template(app);
        var planId = ReviewingPlan(app);
        var areas = await db.Set<ApplicationArea>().AsNoTracking().Where(a => a.ApplicationId == id).ToListAsync(ct);
        var reviews = await writer.LatestReviewsAsync(id, planId, ct);
        var shares = await db.Set<ApplicationShare>().AsNoTracking().Where(s => s.ApplicationId == id).ToListAsync(ct);
        var certifications = await db.Set<ProviderCertification>().AsNoTracking().Where(c => c.ApplicationId == id).Select(c => c.PlanId).ToListAsync(ct);
        var orgIds = shares.Select(s => s.PlanId).Append(app.PlanId).Append(app.ProviderId).ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var history = await db.Set<ApplicationEvent>().AsNoTracking().Where(e => e.ApplicationId == id).OrderBy(e => e.Id).ToListAsync(ct);

        // A plan the application was shared with sees only shares to itself; the provider and the addressed plan all.
        var visibleShares = Scope.OrganizationId == app.ProviderId || Scope.OrganizationId == app.PlanId ? shares : shares.Where(s => s.PlanId == Scope.OrganizationId).ToList();
        var view = new ApplicationView(
            app.Id, app.ProviderId, names.GetValueOrDefault(app.ProviderId) ?? "", app.PlanId, names.GetValueOrDefault(app.PlanId) ?? "", app.Status,
            app.TemplateKind, app.TemplateVersion, template.Title,
            [.. template.Areas.Select(t =>
            {
                var a = areas.FirstOrDefault(x => x.Code == t.Code);
                var r = reviews.GetValueOrDefault(t.Code);
                return new ApplicationAreaView(t.Code, t.Title, t.Criteria, t.RecommendedEvidence, a?.Effort, a?.Response, a?.Notes,
                    [.. (a?.Evidence ?? []).Select(e => new EvidenceLinkView(e.Name, e.Url))], r?.Compliant, r?.Comment);
            })],
            [.. visibleShares.Select(s => new SharedPlanView(s.PlanId, names.GetValueOrDefault(s.PlanId) ?? "", s.SharedAt, certifications.Contains(s.PlanId)))],
            [.. history.Select(h => new HistoryView(h.At, h.By, h.Action, h.Status, h.Detail))],
            certifications.Contains(planId), app.CreatedAt, app.SubmittedAt, app.CertifiedAt);
        await audit.RecordAsync("network-application.read", null, $"/api/network/applications/{id}", ct: ct);
        return Outcome<ApplicationView>.Ok(view);
    }

    public async Task<Outcome<GapList>> GapsAsync(Guid id, CancellationToken ct)
    {
        var app = await db.Set<NetworkApplication>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null)
        {
            return Outcome<GapList>.NotFound($"Application {id} was not found.");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var template = ApplicationWriter.Template(app);
        var planId = ReviewingPlan(app);
        var isProvider = Scope.OrganizationId == app.ProviderId;
        var gaps = await db.Set<ApplicationGap>().AsNoTracking().Where(g => g.ApplicationId == id && (isProvider || g.PlanId == planId)).ToListAsync(ct);
        var checkIns = await db.Set<ApplicationCheckIn>().AsNoTracking().Where(c => c.ApplicationId == id && c.PlanId == planId).OrderBy(c => c.DueDate).ToListAsync(ct);
        var list = new GapList(
            [.. gaps.OrderBy(g => g.Status == ApplicationGap.Open ? 0 : 1).ThenBy(g => g.DueDate).ThenBy(g => g.OpenedAt)
                .Select(g => new GapView(g.Id, g.AreaCode, template.Area(g.AreaCode)?.Title ?? g.AreaCode, g.MissingInformation, g.ExpectedDocumentation, g.DueDate, g.Status,
                    GapRules.IsOverdue(g.Status, g.DueDate, today), g.OpenedAt, g.ClosedAt, g.PlanId))],
            [.. checkIns.Select(c => new CheckInView(c.Id, c.DueDate, c.HeldOn, c.Notes, GapRules.CheckInOverdue(c.DueDate, c.HeldOn, today)))],
            checkIns.Count(c => c.HeldOn is not null));
        await audit.RecordAsync("network-application.gaps", null, $"/api/network/applications/{id}/gaps", ct: ct);
        return Outcome<GapList>.Ok(list);
    }

    /// <summary>Applications the caller may see (a provider its own; a plan those addressed or shared to it).</summary>
    public async Task<IReadOnlyList<ApplicationSummary>> ListAsync(Guid? planFilter, CancellationToken ct)
    {
        var apps = await db.Set<NetworkApplication>().AsNoTracking().Where(a => planFilter == null || a.PlanId == planFilter).OrderByDescending(a => a.CreatedAt).ToListAsync(ct);
        var ids = apps.SelectMany(a => new[] { a.PlanId, a.ProviderId }).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var appIds = apps.Select(a => a.Id).ToList();
        var openGaps = await db.Set<ApplicationGap>().AsNoTracking().Where(g => appIds.Contains(g.ApplicationId) && g.Status == ApplicationGap.Open)
            .GroupBy(g => g.ApplicationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return [.. apps.Select(a => new ApplicationSummary(a.Id, a.ProviderId, names.GetValueOrDefault(a.ProviderId) ?? "", a.PlanId, names.GetValueOrDefault(a.PlanId) ?? "",
            a.Status, a.TemplateKind, openGaps.GetValueOrDefault(a.Id), a.PlanId != Scope.OrganizationId && a.ProviderId != Scope.OrganizationId, a.CreatedAt))];
    }
}

public sealed record ApplicationSummary(Guid Id, Guid ProviderId, string ProviderName, Guid PlanId, string PlanName, string Status, string TemplateKind, int OpenGaps, bool SharedWithMe, DateTimeOffset CreatedAt);
