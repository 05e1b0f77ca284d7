using System.Collections.Concurrent;
using CareHub.Common;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Access;

/// <summary>
/// Totals of long lists, reused for a short while. Counting a plan's 60,000 members costs the database several
/// milliseconds on every page of the list, and a search matching 1,300 members one visit per match, while a total a few
/// seconds old reads the same to whoever is paging (past 1,000 nobody pages to the end; the ECM lists stop counting
/// there). Totals under <see cref="ReuseFrom"/> (by default) are counted every time, so short lists are always exact. A
/// total is kept per organization and list (with its filters), so one organization's count is never shown to another.
/// </summary>
public sealed class ListTotals(TimeProvider clock, int reuseFrom = ListTotals.ReuseFrom)
{
    public const int ReuseFrom = 1_000;
    public static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(30);
    private const int MaxKept = 10_000;

    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset At)> _totals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _counting = new(StringComparer.Ordinal);

    /// <summary>The total a page gives by itself: a first page that is not full holds every match (most searches for
    /// one member), so no count is needed; null otherwise.</summary>
    public static int? ShownInFull(int offset, int shown, int pageSize) => offset == 0 && shown < pageSize ? shown : null;

    /// <summary>The number of rows of <paramref name="query"/>; <paramref name="list"/> names the list and every filter
    /// that shapes it. <paramref name="exact"/> counts now whatever was counted before.</summary>
    public async Task<int> CountAsync<T>(IQueryable<T> query, IAccessScope scope, string list, CancellationToken ct, bool exact = false)
    {
        var key = $"{(scope.IsUnrestricted ? "*" : scope.OrganizationId?.ToString("N"))}|{list}";
        var now = clock.GetUtcNow();
        var isKnown = _totals.TryGetValue(key, out var known);
        if (!exact && isKnown && now - known.At < ReuseFor && now >= known.At)
        {
            return known.Count;
        }

        // One caller counts a list again when its total is due; the others keep reading the total it replaces
        // meanwhile instead of all counting at once (a CBO's 15,000 referrals take a second to count).
        var claimed = _counting.TryAdd(key, 0);
        if (!exact && isKnown && !claimed)
        {
            return known.Count;
        }

        int count;
        try
        {
            count = await query.CountAsync(ct);
        }
        finally
        {
            if (claimed)
            {
                _counting.TryRemove(key, out _);
            }
        }

        if (count >= reuseFrom)
        {
            if (_totals.Count >= MaxKept)
            {
                _totals.Clear();
            }

            _totals[key] = (count, now);
        }
        else
        {
            _totals.TryRemove(key, out _);
        }

        return count;
    }
}
