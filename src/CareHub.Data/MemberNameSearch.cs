using System.Linq.Expressions;
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
    public static IQueryable<Member> WhereNameStartsWith(this IQueryable<Member> members, string prefix) =>
        NameRange(prefix) is { } range ? _whereNameStartsWith(members, range.From, range.To) : members;

    /// <summary>The name keys starting with <paramref name="prefix"/>, [From, To); null when the prefix has no
    /// letters to match (every name starts with it).</summary>
    public static (string From, string To)? NameRange(string prefix)
    {
        var from = Member.NameKey(prefix);
        return from.Length == 0 ? null : (from, from + AfterPrefix);
    }

    /// <summary><see cref="WhereNameStartsWith"/> as an expression over <see cref="NameRange"/>, for a query compiled once.</summary>
    public static readonly Expression<Func<IQueryable<Member>, string, string, IQueryable<Member>>> WhereNameStartsWithShape =
        (members, from, to) => members.Where(m =>
            (string.Compare(m.LastNameKey, from) >= 0 && string.Compare(m.LastNameKey, to) < 0)
            || (string.Compare(m.FirstNameKey, from) >= 0 && string.Compare(m.FirstNameKey, to) < 0));

    private static readonly Func<IQueryable<Member>, string, string, IQueryable<Member>> _whereNameStartsWith = WhereNameStartsWithShape.Compile();

    /// <summary>
    /// One page of <paramref name="found"/> in name order (last name, first name, id), read as <paramref name="members"/>.
    /// The page's ids are cut first from the (plan, name, id) index, which carries the name keys, so a name search
    /// finds them in the index alone instead of reading the row of every member it passes over; only the page's own
    /// rows are read after, in the page's order (a join: PostgreSQL plans it faster than an <c>IN</c> and need not
    /// sort again).
    /// </summary>
    public static IQueryable<Member> PageInNameOrder(this IQueryable<Member> found, IQueryable<Member> members, int skip, int take)
        => _pageInNameOrder(found, members, skip, take);

    /// <summary><see cref="PageInNameOrder"/> as an expression, for a query compiled once.</summary>
    public static readonly Expression<Func<IQueryable<Member>, IQueryable<Member>, int, int, IQueryable<Member>>> PageInNameOrderShape =
        (found, members, skip, take) => found.OrderBy(m => m.LastName).ThenBy(m => m.FirstName).ThenBy(m => m.Id).Skip(skip).Take(take)
            .Select(m => new { m.Id, m.LastName, m.FirstName })
            .Join(members, p => p.Id, m => m.Id, (p, m) => new { Page = p, Member = m })
            .OrderBy(x => x.Page.LastName).ThenBy(x => x.Page.FirstName).ThenBy(x => x.Page.Id)
            .Select(x => x.Member);

    private static readonly Func<IQueryable<Member>, IQueryable<Member>, int, int, IQueryable<Member>> _pageInNameOrder = PageInNameOrderShape.Compile();

    /// <summary>Members whose first or last name starts with <paramref name="term"/>, or whose plan member id or CIN
    /// is <paramref name="term"/> (as typed, or in upper or lower case).</summary>
    public static IQueryable<Member> WhereNameOrIdMatches(this IQueryable<Member> members, string term)
    {
        var (from, to, ids) = NameOrIdTerms(term);
        return _whereNameOrIdMatches(members, from, to, ids);
    }

    /// <summary>What <see cref="WhereNameOrIdMatchesShape"/> compares for a term: the range of name keys starting
    /// with it, and the ids it may be.</summary>
    public static (string From, string To, string[] Ids) NameOrIdTerms(string term)
    {
        var from = Member.NameKey(term);
        return (from, from + AfterPrefix, new[] { term, term.ToUpperInvariant(), term.ToLowerInvariant() }.Distinct().ToArray());
    }

    /// <summary><see cref="WhereNameOrIdMatches"/> as an expression over <see cref="NameOrIdTerms"/>, for a query compiled once.</summary>
    public static readonly Expression<Func<IQueryable<Member>, string, string, string[], IQueryable<Member>>> WhereNameOrIdMatchesShape =
        (members, from, to, ids) => members.Where(m =>
            (string.Compare(m.LastNameKey, from) >= 0 && string.Compare(m.LastNameKey, to) < 0)
            || (string.Compare(m.FirstNameKey, from) >= 0 && string.Compare(m.FirstNameKey, to) < 0)
            || ids.Contains(m.PlanMemberId)
            || (m.Cin != null && ids.Contains(m.Cin)));

    private static readonly Func<IQueryable<Member>, string, string, string[], IQueryable<Member>> _whereNameOrIdMatches = WhereNameOrIdMatchesShape.Compile();
}
