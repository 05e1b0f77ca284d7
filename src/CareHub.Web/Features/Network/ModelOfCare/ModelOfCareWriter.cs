using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>
/// The one place a plan's Model of Care changes, from the page and the JSON API: it finds a deliverable or go-live
/// entry among the caller's plan's own (another organization's is not found), and saves the change with its history
/// entry (<see cref="ModelOfCareEvent"/>) and its audit entry in one <c>SaveChanges</c>. Two people saving the same
/// entry at once, or the same county and population twice, is a conflict, never a server error.
/// </summary>
public sealed class ModelOfCareWriter(CareHubDbContext db, AuditTrail audit, TimeProvider clock, ProgramCatalog catalog)
{
    public IAccessScope Scope => db.Scope;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The time of a change, to the microsecond PostgreSQL keeps, so the <c>updatedAt</c> an answer returns is
    /// the one an editor later sends back.</summary>
    public DateTimeOffset Now => clock.GetUtcNow() is var now ? now.AddTicks(-(now.Ticks % 10)) : default;

    /// <summary>The caller's plan; null when the caller does not act for a plan.</summary>
    public Guid? PlanId => Scope.OrganizationType == OrganizationType.Plan ? Scope.OrganizationId : null;

    public static Outcome<T> NotAPlan<T>() => Outcome<T>.Forbidden("Only a plan keeps a Model of Care.");

    public static Outcome<T> ItemNotFound<T>(Guid id) => Outcome<T>.NotFound($"Model of Care item {id} was not found among your plan's.");

    public static Outcome<T> GoLiveNotFound<T>(Guid id) => Outcome<T>.NotFound($"Go-live entry {id} was not found in your plan's schedule.");

    /// <summary>The deliverable, tracked for a change, when it is the caller's plan's.</summary>
    public async Task<ModelOfCareItem?> FindItemAsync(Guid id, CancellationToken ct) =>
        PlanId is { } planId ? await db.Set<ModelOfCareItem>().FirstOrDefaultAsync(i => i.Id == id && i.PlanId == planId, ct) : null;

    /// <summary>The go-live entry, tracked for a change, when it is the caller's plan's.</summary>
    public async Task<GoLiveEntry?> FindGoLiveAsync(Guid id, CancellationToken ct) =>
        PlanId is { } planId ? await db.Set<GoLiveEntry>().FirstOrDefaultAsync(g => g.Id == id && g.PlanId == planId, ct) : null;

    /// <summary>The page of the plan's deliverable that asks the same question already, or null (an empty page
    /// when it has none); <paramref name="except"/> is the deliverable being edited.</summary>
    public async Task<string?> SameQuestionAsync(Guid planId, string question, Guid? except, CancellationToken ct)
    {
        var key = ModelOfCareRules.QuestionKey(question);
        var others = await db.Set<ModelOfCareItem>().AsNoTracking().Where(i => i.PlanId == planId && i.Id != except)
            .Select(i => new { i.Question, i.Page }).ToListAsync(ct);
        return others.FirstOrDefault(o => ModelOfCareRules.QuestionKey(o.Question) == key) is { } same ? same.Page ?? "" : null;
    }

    public async Task<int> ItemCountAsync(Guid planId, CancellationToken ct) => await db.Set<ModelOfCareItem>().CountAsync(i => i.PlanId == planId, ct);

    /// <summary>Whether the plan's schedule has the county and population already (other than <paramref name="except"/>).</summary>
    public async Task<bool> ScheduledAsync(Guid planId, GoLiveValues values, Guid? except, CancellationToken ct) =>
        await db.Set<GoLiveEntry>().AnyAsync(g => g.PlanId == planId && g.County == values.County && g.Population == values.Population && g.Id != except, ct);

    /// <summary>The counties of the plan's service area.</summary>
    public async Task<IReadOnlyList<string>> CountiesAsync(Guid planId, CancellationToken ct) =>
        await db.Organizations.AsNoTracking().Where(o => o.Id == planId).Select(o => o.Counties).FirstOrDefaultAsync(ct) ?? [];

    /// <summary>A Population of Focus's or Community Support's name.</summary>
    public string NameOf(string code) => catalog.FindPopulation(code)?.Name ?? catalog.FindCommunitySupport(code)?.Name ?? code;

    public void Add(object row) => db.Add(row);

    public void Remove(object row) => db.Remove(row);

    /// <summary>Adds the history entry and the audit entry of a change (saved by <see cref="SaveAsync{T}"/>).</summary>
    public void Record(Guid planId, string subject, Guid subjectId, string action, string detail, string auditDetail)
    {
        db.Add(new ModelOfCareEvent
        {
            PlanId = planId,
            At = Now,
            By = Scope.UserName,
            Subject = subject,
            SubjectId = subjectId,
            Action = action,
            Detail = detail.Length > 2000 ? detail[..2000] : detail,
        });
        audit.Add($"network-model-of-care.{action}-{subject}", null, Target(subject, subjectId), auditDetail);
    }

    /// <summary>Saves the change once; a change another request made first (the same entry, or the same county and
    /// population added at once) is a conflict.</summary>
    public async Task<Outcome<T>> SaveAsync<T>(Outcome<T> done, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return done;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Outcome<T>.Conflict("Someone changed your plan's Model of Care at the same moment; reload it and try again.");
        }
    }

    public static string Target(string subject, Guid id) =>
        subject == ModelOfCareEvent.GoLive ? $"/api/network/model-of-care/go-live/{id}" : $"/api/network/model-of-care/items/{id}";

    /// <summary>A deliverable's question, shortened for a history line.</summary>
    public static string Short(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
