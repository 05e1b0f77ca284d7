using CareHub.Audit;

namespace CareHub.Data;

/// <summary>Writes audit entries for the current <see cref="CareHub.Common.IAccessScope"/>: who, which
/// organization, when, which member, what, from where.</summary>
public sealed class AuditTrail(CareHubDbContext db, TimeProvider clock, AuditGroupCommit? groupCommit = null)
{
    /// <summary>Adds an entry to the context; it is saved with the caller's own change.</summary>
    public AuditEntry Add(string action, Guid? memberId, string? target = null, string? detail = null)
    {
        var entry = Entry(action, memberId, target, detail, clock.GetUtcNow());
        db.AuditEntries.Add(entry);
        return entry;
    }

    private AuditEntry Entry(string action, Guid? memberId, string? target, string? detail, DateTimeOffset at)
    {
        var scope = db.Scope;
        return new AuditEntry
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
    }

    /// <summary>Records a read (or any action with no other change to save) at once.</summary>
    public async Task RecordAsync(string action, Guid? memberId, string? target = null, string? detail = null, CancellationToken ct = default)
    {
        if (GroupCommit is { } commits)
        {
            await commits.WriteAsync([Entry(action, memberId, target, detail, clock.GetUtcNow())]).WaitAsync(ct);
            return;
        }

        Add(action, memberId, target, detail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The group commit, on PostgreSQL while the context has nothing else to save and no transaction of its own: the
    /// entries then belong with no change and need not wait for one.
    /// </summary>
    private AuditGroupCommit? GroupCommit =>
        groupCommit is not null && db is PostgresCareHubDbContext && db.Database.CurrentTransaction is null && !db.ChangeTracker.HasChanges()
            ? groupCommit
            : null;

    /// <summary>
    /// Adds one entry for each member a response shows (a list, a search, an export, a diff), so that the trail finds
    /// the view by member; one entry without a member when the response showed none. Saved with the caller's change
    /// (or <see cref="RecordShownAsync"/>) in one <c>SaveChanges</c>.
    /// </summary>
    public int AddShown(string action, IEnumerable<Guid> memberIds, string? target = null, string? detail = null)
    {
        var entries = ShownEntries(action, memberIds, target, detail);
        db.AuditEntries.AddRange(entries);
        return entries[0].MemberId is null ? 0 : entries.Count;
    }

    /// <summary>One entry for each member shown, or one without a member when none was.</summary>
    private List<AuditEntry> ShownEntries(string action, IEnumerable<Guid> memberIds, string? target, string? detail)
    {
        var at = clock.GetUtcNow();
        var entries = memberIds.Distinct().Select(m => Entry(action, m, target, detail, at)).ToList();
        if (entries.Count == 0)
        {
            entries.Add(Entry(action, null, target, detail, at));
        }

        return entries;
    }

    /// <summary>Records at once that a response showed these members (one entry each; one statement).</summary>
    public async Task RecordShownAsync(string action, IEnumerable<Guid> memberIds, string? target = null, string? detail = null, CancellationToken ct = default)
    {
        if (GroupCommit is { } commits)
        {
            await commits.WriteAsync(ShownEntries(action, memberIds, target, detail)).WaitAsync(ct);
            return;
        }

        AddShown(action, memberIds, target, detail);
        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
