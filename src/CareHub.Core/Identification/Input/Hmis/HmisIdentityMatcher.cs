using System.Globalization;
using System.Text;
using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.Hmis;

/// <summary>
/// Matches HMIS clients to plan members on name, birth date and SSN last four. Candidates come from three
/// blocks (same birth date, same SSN last four, same last name and first initial), so a typo in one field still
/// finds the member. Scoring: last name 30 (exact) / 22 / 12 (similar), first name 25 / 18 / 10, birth date 30
/// (exact; 20 when HMIS marks it approximate) / 15 (one digit off, day and month swapped, or one year off), SSN last
/// four 15 when equal, -20 when both are known and differ.
/// </summary>
internal sealed class HmisIdentityMatcher
{
    public const int MatchScore = 85;
    public const int ReviewScore = 60;

    private readonly MemberTable _members;
    private readonly string[] _last;
    private readonly string[] _first;
    private readonly Dictionary<int, List<int>> _byBirth = [];
    private readonly Dictionary<short, List<int>> _bySsn4 = [];
    private readonly Dictionary<string, List<int>> _byName = new(StringComparer.Ordinal);

    public HmisIdentityMatcher(MemberTable members)
    {
        _members = members;
        _last = new string[members.Count];
        _first = new string[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            _last[i] = NormalizeName(members.LastNames[i]);
            _first[i] = NormalizeName(members.FirstNames[i]);
            Add(_byBirth, members.BirthDays[i], i);
            if (members.Ssn4[i] >= 0)
            {
                Add(_bySsn4, members.Ssn4[i], i);
            }

            if (_last[i].Length > 0 && _first[i].Length > 0)
            {
                Add(_byName, NameKey(_last[i], _first[i]), i);
            }
        }
    }

    public (HmisMatch Match, int MemberIndex) Match(HmisClient client)
    {
        var last = NormalizeName(client.LastName);
        var first = NormalizeName(client.FirstName);
        var candidates = new HashSet<int>();
        if (client.BirthDay is { } dob && _byBirth.TryGetValue(dob, out var sameBirth))
        {
            candidates.UnionWith(sameBirth);
        }

        if (client.Ssn4 >= 0 && client.SsnQuality == 1 && _bySsn4.TryGetValue(client.Ssn4, out var sameSsn))
        {
            candidates.UnionWith(sameSsn);
        }

        if (last.Length > 0 && first.Length > 0 && _byName.TryGetValue(NameKey(last, first), out var sameName))
        {
            candidates.UnionWith(sameName);
        }

        int best = -1, bestScore = int.MinValue, second = -1, secondScore = int.MinValue;
        string bestReasons = "";
        var bestExact = false;
        foreach (var m in candidates.Order())
        {
            var (score, reasons, exact) = Score(client, last, first, m);
            if (score > bestScore)
            {
                second = best;
                secondScore = bestScore;
                best = m;
                bestScore = score;
                bestReasons = reasons;
                bestExact = exact;
            }
            else if (score > secondScore)
            {
                second = m;
                secondScore = score;
            }
        }

        if (best < 0 || bestScore < ReviewScore)
        {
            var shown = best < 0 ? "no candidate shares the birth date, SSN last 4 or name" : $"best candidate scored {bestScore}: {bestReasons}";
            return (new HmisMatch(client.PersonalId, HmisMatchStatus.Unmatched, Math.Max(0, best < 0 ? 0 : bestScore),
                best < 0 ? null : _members.IdOf(best), "none", shown, null), -1);
        }

        var close = second >= 0 && secondScore >= bestScore - 10 && secondScore >= ReviewScore;
        var lowQuality = client.NameQuality == 2 || client.BirthQuality == 2;
        var status = bestScore >= MatchScore && !close && !lowQuality ? HmisMatchStatus.Matched : HmisMatchStatus.NeedsReview;
        var why = bestReasons;
        if (close)
        {
            why += $"; another member ({_members.IdOf(second)}) scored {secondScore}";
        }

        if (lowQuality)
        {
            why += "; HMIS marks the name or birth date as partial/approximate";
        }

        return (new HmisMatch(client.PersonalId, status, bestScore, _members.IdOf(best), bestExact ? "exact" : "fuzzy", why,
            close ? _members.IdOf(second) : null), status == HmisMatchStatus.Matched ? best : -1);
    }

    private (int Score, string Reasons, bool Exact) Score(HmisClient client, string last, string first, int m)
    {
        var reasons = new List<string>(4);
        var score = 0;
        var lastExact = last.Length > 0 && last == _last[m];
        if (lastExact)
        {
            score += 30;
            reasons.Add("last name exact");
        }
        else if (last.Length > 0 && _last[m].Length > 0)
        {
            var s = JaroWinkler(last, _last[m]);
            score += s >= 0.92 ? 22 : s >= 0.85 ? 12 : 0;
            reasons.Add(s >= 0.85 ? $"last name similar ({s.ToString("0.00", CultureInfo.InvariantCulture)})" : "last name differs");
        }

        var firstExact = first.Length > 0 && first == _first[m];
        if (firstExact)
        {
            score += 25;
            reasons.Add("first name exact");
        }
        else if (first.Length > 0 && _first[m].Length > 0)
        {
            var s = JaroWinkler(first, _first[m]);
            var initialOnly = (first.Length == 1 || _first[m].Length == 1) && first[0] == _first[m][0];
            score += s >= 0.92 ? 18 : s >= 0.85 || initialOnly ? 10 : 0;
            reasons.Add(s >= 0.85 ? $"first name similar ({s.ToString("0.00", CultureInfo.InvariantCulture)})"
                : initialOnly ? "first initial matches" : "first name differs");
        }

        var birthExact = false;
        if (client.BirthDay is { } dob)
        {
            var memberBirth = _members.BirthDays[m];
            if (dob == memberBirth)
            {
                birthExact = true;
                score += client.BirthQuality == 2 ? 20 : 30;
                reasons.Add("birth date exact");
            }
            else if (IsNearDate(DateOnly.FromDayNumber(dob), DateOnly.FromDayNumber(memberBirth)))
            {
                score += 15;
                reasons.Add("birth date close");
            }
            else
            {
                reasons.Add("birth date differs");
            }
        }

        var memberSsn = _members.Ssn4[m];
        if (client.Ssn4 >= 0 && client.SsnQuality == 1 && memberSsn >= 0)
        {
            if (client.Ssn4 == memberSsn)
            {
                score += 15;
                reasons.Add("SSN last 4 match");
            }
            else
            {
                score -= 20;
                reasons.Add("SSN last 4 differ");
            }
        }

        return (Math.Clamp(score, 0, 100), string.Join("; ", reasons), lastExact && firstExact && birthExact);
    }

    /// <summary>One digit off, day and month swapped, or the same day and month one year apart.</summary>
    private static bool IsNearDate(DateOnly a, DateOnly b)
    {
        if (a.Year == b.Year && a.Month == b.Day && a.Day == b.Month)
        {
            return true;
        }

        if (a.Month == b.Month && a.Day == b.Day && Math.Abs(a.Year - b.Year) == 1)
        {
            return true;
        }

        var x = a.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var y = b.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var differences = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i])
            {
                differences++;
            }
        }

        return differences == 1;
    }

    /// <summary>Upper-case letters only: drops digits (Synthea appends them to names), spaces, hyphens, apostrophes.</summary>
    internal static string NormalizeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetter(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static string NameKey(string last, string first) => last + "|" + first[0];

    private static void Add<TKey>(Dictionary<TKey, List<int>> index, TKey key, int member)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = new List<int>(1);
        }

        list.Add(member);
    }

    /// <summary>Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters).</summary>
    internal static double JaroWinkler(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (a == b)
        {
            return 1;
        }

        var range = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        var aMatched = new bool[a.Length];
        var bMatched = new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - range);
            var to = Math.Min(b.Length - 1, i + range);
            for (var j = from; j <= to; j++)
            {
                if (!bMatched[j] && a[i] == b[j])
                {
                    aMatched[i] = bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }

            while (!bMatched[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        var m = (double)matches;
        var jaro = ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2.0)) / m)) / 3.0;
        var prefix = 0;
        while (prefix < Math.Min(4, Math.Min(a.Length, b.Length)) && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro));
    }
}
