using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

public sealed record ReadinessView(IReadOnlyList<StageCount> Stages, IReadOnlyList<ReadinessProvider> Providers, IReadOnlyList<HighEffortArea> HighEffort2,
    IReadOnlyList<OverdueItem> OverdueGaps, IReadOnlyList<OverdueItem> OverdueCheckIns);

public sealed record StageCount(string Stage, string Label, int Count);

public sealed record ReadinessProvider(Guid ProviderId, string Name, string Stage, string StageLabel, Guid? ApplicationId, string? ApplicationStatus, int OpenGaps, int TrainingMissing);

public sealed record HighEffortArea(Guid ApplicationId, string ProviderName, string AreaCode, string AreaTitle);

public sealed record OverdueItem(Guid ApplicationId, string ProviderName, string What, DateOnly Due);

/// <summary>The plan's readiness dashboard: providers by stage from letter of interest to contract, areas the
/// providers rated High Effort 2, overdue gaps and check-ins.</summary>
public sealed class ReadinessDashboard(CareHubDbContext db, TimeProvider clock)
{
    public async Task<ReadinessView> BuildAsync(CancellationToken ct)
    {
        var planId = db.Scope.OrganizationId!.Value;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var responses = await db.Set<LetterResponse>().AsNoTracking().Where(r => r.PlanId == planId)
            .Join(db.Set<LetterOfInterest>(), r => r.LetterId, l => l.Id, (r, l) => new { l.ProviderId, r.Decision }).ToListAsync(ct);
        var apps = await db.Set<NetworkApplication>().AsNoTracking().Where(a => a.PlanId == planId).ToListAsync(ct);
        var certified = await db.Set<ProviderCertification>().AsNoTracking().Where(c => c.PlanId == planId).Select(c => c.ProviderId).Distinct().ToListAsync(ct);
        var contracted = await db.Set<ProviderContract>().AsNoTracking().Where(c => c.PlanId == planId && (c.End == null || c.End >= today)).Select(c => c.ProviderId).Distinct().ToListAsync(ct);
        var required = TrainingRules.RequiredFor(await db.Set<PlanTrainingTopic>().AsNoTracking().Where(t => t.PlanId == planId).OrderBy(t => t.Position)
            .Select(t => new TrainingTopic(t.Topic, t.Title)).ToListAsync(ct));
        var training = await db.Set<TrainingCompletion>().AsNoTracking().Where(t => t.PlanId == planId || t.PlanId == null).Select(t => new { t.ProviderId, t.Topic, t.CompletedOn }).ToListAsync(ct);
        var appIds = apps.Select(a => a.Id).ToList();
        var gaps = await db.Set<ApplicationGap>().AsNoTracking().Where(g => g.PlanId == planId && g.Status == ApplicationGap.Open && appIds.Contains(g.ApplicationId)).ToListAsync(ct);
        var checkIns = await db.Set<ApplicationCheckIn>().AsNoTracking().Where(c => c.PlanId == planId && c.HeldOn == null && c.DueDate < today && appIds.Contains(c.ApplicationId)).ToListAsync(ct);
        var high = await db.Set<ApplicationArea>().AsNoTracking().Where(a => appIds.Contains(a.ApplicationId) && a.Effort == Effort.High2).ToListAsync(ct);

        var providerIds = responses.Select(r => r.ProviderId).Concat(apps.Select(a => a.ProviderId)).Concat(certified).Concat(contracted).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => providerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var providers = providerIds.Select(p =>
        {
            var app = apps.Where(a => a.ProviderId == p).OrderByDescending(a => a.CreatedAt).FirstOrDefault();
            var missing = TrainingRules.Missing(required, training.Where(t => t.ProviderId == p).Select(t => (t.Topic, t.CompletedOn)), today).Count;
            var stage = ProviderStage.Of(responses.Any(r => r.ProviderId == p && r.Decision == LetterResponse.Invite), app?.Status,
                certified.Contains(p), missing == 0, contracted.Contains(p));
            return new ReadinessProvider(p, names.GetValueOrDefault(p) ?? "", stage, ProviderStage.Label(stage), app?.Id, app?.Status,
                gaps.Count(g => g.ApplicationId == app?.Id), missing);
        }).OrderBy(p => ProviderStage.Ordered.ToList().IndexOf(p.Stage)).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();

        string ProviderOf(Guid appId) => names.GetValueOrDefault(apps.First(a => a.Id == appId).ProviderId) ?? "";
        string AreaTitle(Guid appId, string code) => ApplicationWriter.Template(apps.First(a => a.Id == appId)).Area(code)?.Title ?? code;
        return new ReadinessView(
            [.. ProviderStage.Ordered.Select(s => new StageCount(s, ProviderStage.Label(s), providers.Count(p => p.Stage == s)))],
            providers,
            [.. high.Select(h => new HighEffortArea(h.ApplicationId, ProviderOf(h.ApplicationId), h.Code, AreaTitle(h.ApplicationId, h.Code)))],
            [.. gaps.Where(g => GapRules.IsOverdue(g.Status, g.DueDate, today)).OrderBy(g => g.DueDate)
                .Select(g => new OverdueItem(g.ApplicationId, ProviderOf(g.ApplicationId), AreaTitle(g.ApplicationId, g.AreaCode), g.DueDate))],
            [.. checkIns.OrderBy(c => c.DueDate).Select(c => new OverdueItem(c.ApplicationId, ProviderOf(c.ApplicationId), "Gap closure check-in", c.DueDate))]);
    }
}
