using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

public sealed record ModelOfCareItemView(Guid Id, string Question, string? Page, string? Response, string? Owner, string? Comments, string Status, DateTimeOffset UpdatedAt)
{
    public static ModelOfCareItemView Of(ModelOfCareItem i) => new(i.Id, i.Question, i.Page, i.Response, i.Owner, i.Comments, i.Status, i.UpdatedAt);
}

/// <summary>A go-live entry: <c>kind</c> says whether <c>population</c> is a Population of Focus
/// (<c>population-of-focus</c>) or a Community Support (<c>community-support</c>); <c>live</c> whether its date has come.</summary>
public sealed record GoLiveView(Guid Id, string County, string Population, string Name, string Kind, DateOnly GoLive, bool Live)
{
    public static GoLiveView Of(GoLiveEntry g, ProgramCatalog catalog, DateOnly today) => catalog.FindPopulation(g.Population) is { } p
        ? new(g.Id, g.County, g.Population, p.Name, "population-of-focus", g.GoLive, g.GoLive <= today)
        : new(g.Id, g.County, g.Population, catalog.FindCommunitySupport(g.Population)?.Name ?? g.Population, "community-support", g.GoLive, g.GoLive <= today);
}

public sealed record ModelOfCareEventView(DateTimeOffset At, string? By, string Subject, Guid SubjectId, string Action, string? Detail);

public sealed record ModelOfCareList<T>(IReadOnlyList<T> Items);

/// <summary>The caller's plan's Model of Care: deliverables in page order, the go-live schedule by county, and the
/// latest changes. A caller that does not act for a plan sees none.</summary>
public sealed class ModelOfCareQueries(CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock)
{
    private Guid? PlanId => db.Scope.OrganizationType == OrganizationType.Plan ? db.Scope.OrganizationId : null;

    public async Task<IReadOnlyList<ModelOfCareItemView>> ItemsAsync(CancellationToken ct)
    {
        var planId = PlanId;
        var items = await db.Set<ModelOfCareItem>().AsNoTracking().Where(i => i.PlanId == planId).OrderBy(i => i.Id).Take(ModelOfCareRules.MaxItems).ToListAsync(ct);
        return [.. items.OrderBy(i => i.Page, ModelOfCareRules.PageOrder).ThenBy(i => i.Question, StringComparer.Ordinal).Select(ModelOfCareItemView.Of)];
    }

    public async Task<IReadOnlyList<GoLiveView>> GoLiveAsync(CancellationToken ct)
    {
        var planId = PlanId;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var entries = await db.Set<GoLiveEntry>().AsNoTracking().Where(g => g.PlanId == planId).OrderBy(g => g.Id).Take(5000).ToListAsync(ct);
        return [.. entries.Select(g => GoLiveView.Of(g, catalog, today)).OrderBy(g => g.County, StringComparer.Ordinal).ThenBy(g => g.Kind, StringComparer.Ordinal)
            .ThenBy(g => g.GoLive).ThenBy(g => g.Name, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ModelOfCareEventView>> HistoryAsync(int take, CancellationToken ct)
    {
        var planId = PlanId;
        var events = await db.Set<ModelOfCareEvent>().AsNoTracking().Where(e => e.PlanId == planId).OrderByDescending(e => e.Id)
            .Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return [.. events.Select(e => new ModelOfCareEventView(e.At, e.By, e.Subject, e.SubjectId, e.Action, e.Detail))];
    }
}
