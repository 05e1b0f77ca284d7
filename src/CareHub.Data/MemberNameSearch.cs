using CareHub.Members;

namespace CareHub.Data;

/// <summary>Name searches over members, written as ranges of the stored name keys so the database reads them from
/// the (plan, key) indexes instead of lowering every member's name.</summary>
public static class MemberNameSearch
{
    /// <summary>Past every character a name key can continue with, so [prefix, prefix + this) holds every key that
    /// starts with the prefix when keys compare byte by byte.</summary>
    private const string AfterPrefix = "\uffff";

    /// <summary>Members whose first or last name starts with <paramref name="prefix"/> (case and accents aside).</summary>
    public static IQueryable<Member> WhereNameStartsWith(this IQueryable<Member> members, string prefix)
    {
        var from = Member.NameKey(prefix);
        if (from.Length == 0)
        {
            return members;
        }

        var to = from + AfterPrefix;
        return members.Where(m =>
            (string.Compare(m.LastNameKey, from) >= 0 && string.Compare(m.LastNameKey, to) < 0)
            || (string.Compare(m.FirstNameKey, from) >= 0 && string.Compare(m.FirstNameKey, to) < 0));
    }

    /// <summary>
    /// One page of <paramref name="found"/> in name order (last name, first name, id), read as <paramref name="members"/>.
    /// The page's ids are cut first from the (plan, name, id) index, which carries the name keys, so a name search
    /// finds them in the index alone instead of reading the row of every member it passes over; only the page's own
    /// rows are read after, in the page's order (a join: PostgreSQL plans it faster than an <c>IN</c> and need not
    /// sort again).
    /// </summary>
    public static IQueryable<Member> PageInNameOrder(this IQueryable<Member> found, IQueryable<Member> members, int skip, int take)
        => found.OrderBy(m => m.LastName).ThenBy(m => m.FirstName).ThenBy(m => m.Id).Skip(skip).Take(take)
            .Select(m => new { m.Id, m.LastName, m.FirstName })
            .Join(members, p => p.Id, m => m.Id, (p, m) => new { Page = p, Member = m })
            .OrderBy(x => x.Page.LastName).ThenBy(x => x.Page.FirstName).ThenBy(x => x.Page.Id)
            .Select(x => x.Member);

    /// <summary>Members whose first or last name starts with <paramref name="term"/>, or whose plan member id or CIN
    /// is <paramref name="term"/> (as typed, or in upper or lower case).</summary>
    public static IQueryable<Member> WhereNameOrIdMatches(this IQueryable<Member> members, string term)
    {
        var from = Member.NameKey(term);
        var to = from + AfterPrefix;
        var ids = new[] { term, term.ToUpperInvariant(), term.ToLowerInvariant() }.Distinct().ToArray();
        return members.Where(m =>
            (string.Compare(m.LastNameKey, from) >= 0 && string.Compare(m.LastNameKey, to) < 0)
            || (string.Compare(m.FirstNameKey, from) >= 0 && string.Compare(m.FirstNameKey, to) < 0)
            || ids.Contains(m.PlanMemberId)
            || (m.Cin != null && ids.Contains(m.Cin)));
    }
}
