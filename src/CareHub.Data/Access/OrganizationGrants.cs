using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Access;

/// <summary>
/// Whether an organization holds an open member access grant, as last read, for a second at most. A plan that holds
/// none sees exactly its own members, and its member lists and searches then start from the plan's member index
/// (<see cref="Participants.MembersInViewAsync"/>); asking the database on every page cost the app a query of its own,
/// as dear as the page's. The answer is forgotten as soon as a context of this app saves a grant for the organization,
/// and after <see cref="KnownFor"/> in any case, so a grant saved by another app instance reaches a plan's lists at
/// most that late. Until then the lists show less, never more: the member filter still applies underneath, so a
/// revoked grant is obeyed at once whatever is known here.
/// </summary>
public sealed class OrganizationGrants(TimeProvider clock)
{
    public static readonly TimeSpan KnownFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, (bool Any, DateTimeOffset At)> _known = new();

    /// <summary>Whether <paramref name="organizationId"/> holds an open grant, read again when the last answer is due.</summary>
    public async Task<bool> AnyOpenAsync(CareHubDbContext db, Guid organizationId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(organizationId, out var known) && now >= known.At && now - known.At < KnownFor)
        {
            return known.Any;
        }

        var any = await AnyOpenInDatabaseAsync(db, organizationId, ct);
        _known[organizationId] = (any, now);
        return any;
    }

    /// <summary>Looked for in the (organization, member) index's order: asked only whether one exists, PostgreSQL's
    /// reused plan scanned every grant of every organization to find none of a plan's.</summary>
    public static async Task<bool> AnyOpenInDatabaseAsync(CareHubDbContext db, Guid organizationId, CancellationToken ct) =>
        await db.MemberAccessGrants.Where(g => g.OrganizationId == organizationId && g.RevokedAt == null)
            .OrderBy(g => g.MemberId).Select(g => (Guid?)g.MemberId).FirstOrDefaultAsync(ct) is not null;

    /// <summary>Forgets what is known of these organizations (they have just been granted a member).</summary>
    public void Forget(IEnumerable<Guid> organizationIds)
    {
        foreach (var id in organizationIds)
        {
            _known.TryRemove(id, out _);
        }
    }
}
