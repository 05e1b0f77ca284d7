using CareHub.Data;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Organizations;

/// <summary>
/// Organizations' names for the views that show them beside their ids (a referral's plan, referrer and CBO). The
/// directory is small and seldom changes (an organization is added when it joins; none is renamed), so the names are
/// read once and kept for <see cref="KeptFor"/>, and read again at once when a view asks for an id they lack: a new
/// organization's name is shown from its first referral. Read for every request, they cost each page of referrals a
/// query of its own.
/// </summary>
public sealed class OrganizationNames(TimeProvider clock)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    private volatile Snapshot? _snapshot;

    /// <summary>The names of every organization, read again when one of <paramref name="ids"/> is missing or the
    /// names are older than <see cref="KeptFor"/>.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> ForAsync(CareHubDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var snapshot = _snapshot;
        if (snapshot is null || now - snapshot.ReadAt >= KeptFor || now < snapshot.ReadAt || ids.Any(id => !snapshot.Names.ContainsKey(id)))
        {
            snapshot = new Snapshot(await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct), now);
            _snapshot = snapshot;
        }

        return snapshot.Names;
    }

    private sealed record Snapshot(Dictionary<Guid, string> Names, DateTimeOffset ReadAt);
}
