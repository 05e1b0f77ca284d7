using CareHub.Audit;

namespace CareHub.Data;

/// <summary>Writes audit entries for the current <see cref="CareHub.Common.IAccessScope"/>: who, which
/// organization, when, which member, what, from where.</summary>
public sealed class AuditTrail(CareHubDbContext db, TimeProvider clock)
{
    /// <summary>Adds an entry to the context; it is saved with the caller's own change.</summary>
    public AuditEntry Add(string action, Guid? memberId, string? target = null, string? detail = null)
    {
        var scope = db.Scope;
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
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

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
