using CareHub.Audit;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data;

/// <summary>Writes audit entries for the current <see cref="CareHub.Common.IAccessScope"/>: who, which
/// organization, when, which member, what, from where.</summary>
public sealed class AuditTrail(CareHubDbContext db, TimeProvider clock)
{
    /// <summary>Adds an entry to the context; it is saved with the caller's own change.</summary>
    public AuditEntry Add(string action, Guid? memberId, string? target = null, string? detail = null) =>
        Add(action, memberId, target, detail, clock.GetUtcNow());

    private AuditEntry Add(string action, Guid? memberId, string? target, string? detail, DateTimeOffset at)
    {
        var scope = db.Scope;
        var entry = new AuditEntry
        {
            At = at,
            UserId = scope.UserId,
            UserName = scope.UserName,
            OrganizationId = scope.OrganizationId,
            MemberId = memberId,
            Action = action,
            Target = Truncate(target, 300),
            Source = scope.ClientAddress,
            Detail = Truncate(detail, 1000),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>Records a read (or any action with no other change to save) at once.</summary>
    public async Task RecordAsync(string action, Guid? memberId, string? target = null, string? detail = null, CancellationToken ct = default)
    {
        Add(action, memberId, target, detail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Adds one entry for each member a response shows (a list, a search, an export, a diff), so that the trail finds
    /// the view by member; one entry without a member when the response showed none. Saved with the caller's change
    /// (or <see cref="RecordShownAsync"/>) in one <c>SaveChanges</c>.
    /// </summary>
    public int AddShown(string action, IEnumerable<Guid> memberIds, string? target = null, string? detail = null)
    {
        var at = clock.GetUtcNow();
        var shown = 0;
        foreach (var memberId in memberIds.Distinct())
        {
            Add(action, memberId, target, detail, at);
            shown++;
        }

        if (shown == 0)
        {
            Add(action, null, target, detail, at);
        }

        return shown;
    }

    /// <summary>Records at once that a response showed these members (one entry each, one round trip).</summary>
    public async Task RecordShownAsync(string action, IEnumerable<Guid> memberIds, string? target = null, string? detail = null, CancellationToken ct = default)
    {
        var shown = memberIds.Distinct().ToArray();
        // The context's own type says the provider; asking EF for the provider's name reads assembly metadata.
        if (shown.Length > 0 && db is PostgresCareHubDbContext && !db.ChangeTracker.HasChanges())
        {
            await InsertShownAsync(action, shown, target, detail, ct);
            return;
        }

        AddShown(action, shown, target, detail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The entries of one response in a single statement on PostgreSQL: the same row for every member but its id,
    /// taken from one array parameter. A list's twenty entries saved through the change tracker cost more than the
    /// list's own query.
    /// </summary>
    private async Task InsertShownAsync(string action, Guid[] memberIds, string? target, string? detail, CancellationToken ct)
    {
        var scope = db.Scope;
        var at = clock.GetUtcNow();
        var (userId, userName, organizationId, source) = (scope.UserId, scope.UserName, scope.OrganizationId, scope.ClientAddress);
        target = Truncate(target, 300);
        detail = Truncate(detail, 1000);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO audit_entries ("At", "UserId", "UserName", "OrganizationId", "MemberId", "Action", "Target", "Source", "Detail")
            SELECT {at}::timestamptz, {userId}::text, {userName}::text, {organizationId}::uuid, m, {action}::text, {target}::text, {source}::text, {detail}::text
            FROM unnest({memberIds}::uuid[]) AS m
            """,
            ct);
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
