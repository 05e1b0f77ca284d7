using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CareHub.Identification.Engine;

/// <summary>A criterion compiled for one as-of date: windows are day numbers, kinds and lists are bits.
/// <see cref="Evaluate"/> allocates nothing; <see cref="Explain"/> builds the evidence. The methods a run calls for
/// every member are compiled fully optimized on first use (<see cref="MethodImplOptions.AggressiveOptimization"/>): a
/// run calls them millions of times within seconds, and tiered compilation would first run them unoptimized and
/// instrumented, the longer the busier the machine.</summary>
internal abstract class Node
{
    public abstract string Kind { get; }

    /// <summary>Called once after reading, before evaluation (e.g. to resolve attribute values).</summary>
    public virtual void Prepare(FactStore store)
    {
    }

    /// <summary>Met, not met, or to be confirmed (an attestation decides it). Data criteria are met or not met.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual CriterionResult Evaluate(in MemberView member) => IsMet(member) ? CriterionResult.Met : CriterionResult.NotMet;

    /// <summary>For data criteria: whether the data meets it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual bool IsMet(in MemberView member) => Evaluate(member) == CriterionResult.Met;

    /// <summary>Whether the member's own records (claims, diagnoses, homelessness, programs, releases) meet this
    /// criterion or one below it. Age, member attributes and attestations show nothing specific: a rule whose open
    /// attestations rest on them alone identifies nobody from data (it would list every adult).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual bool ShowsSpecificData(in MemberView member) => false;

    public abstract EvidenceItem Explain(in MemberView member);

    protected static string D(int day) => DayText.Of(day);

    protected static EvidenceItem Leaf(string kind, bool met, string text, int? count = null, int? threshold = null,
        int? windowStart = null, int? windowEnd = null, IReadOnlyList<EvidenceRecord>? records = null) =>
        new(kind, met, text, count, threshold,
            windowStart is { } s ? DateOnly.FromDayNumber(s) : null,
            windowEnd is { } e ? DateOnly.FromDayNumber(e) : null,
            records ?? [], []);

    /// <summary>How many records a list in the evidence shows before "and N more".</summary>
    protected const int ListedAtMost = 20;

    [ThreadStatic]
    private static StringBuilder? _textBuilder;

    /// <summary>An empty builder for one evidence text (one per thread: take it, append, and call ToString before
    /// explaining anything else).</summary>
    protected static StringBuilder Text()
    {
        var text = _textBuilder ??= new StringBuilder(1024);
        text.Clear();
        return text;
    }

    /// <summary>"a, b, c" listing at most <paramref name="max"/> items, then "and N more".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected static string List(IReadOnlyList<string> items, int max = ListedAtMost)
    {
        if (items.Count <= max)
        {
            return string.Join(", ", items);
        }

        return string.Join(", ", items.Take(max)) + $" and {items.Count - max} more";
    }

    /// <summary>Ends a list of <paramref name="count"/> items of which the first <see cref="ListedAtMost"/> were
    /// appended: "and N more" when some were left out.</summary>
    protected static void EndList(StringBuilder text, int count)
    {
        if (count > ListedAtMost)
        {
            text.Append(" and ").Append(count - ListedAtMost).Append(" more");
        }
    }

    /// <summary>Joins the non-empty texts with "; ".</summary>
    protected static string Join(IEnumerable<string> texts) => string.Join("; ", texts.Where(t => t.Length > 0));

    /// <summary>Joins the non-empty texts of the items (all, or those with the result <paramref name="only"/>) with "; ".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected static string JoinTexts(List<EvidenceItem> items, CriterionResult? only = null)
    {
        var count = 0;
        string? single = null;
        foreach (var i in items)
        {
            if (i.Text.Length > 0 && (only is null || i.Result == only))
            {
                count++;
                single = i.Text;
            }
        }

        if (count <= 1)
        {
            return single ?? "";
        }

        var texts = new string[count];
        count = 0;
        foreach (var i in items)
        {
            if (i.Text.Length > 0 && (only is null || i.Result == only))
            {
                texts[count++] = i.Text;
            }
        }

        return string.Join("; ", texts);
    }

    /// <summary>A statement as part of a sentence: first letter in lower case, no final period.</summary>
    protected static string Lower(string statement)
    {
        var s = statement.Trim().TrimEnd('.');
        return s.Length > 1 && char.IsUpper(s[0]) && !char.IsUpper(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;
    }

    protected static string Window(int startExclusive, int asOf) =>
        startExclusive == int.MinValue ? $"on or before {D(asOf)}" : $"between {D(startExclusive + 1)} and {D(asOf)}";
}

/// <summary>A criterion over other criteria: prepares them, and shows specific data when one of them does.</summary>
internal abstract class GroupNode(IReadOnlyList<Node> children) : Node
{
    // An array, not the list: evaluation walks the children for every member and rule, and a list enumerated through
    // its interface allocates an enumerator each time.
    private readonly Node[] _children = [.. children];

    protected Node[] Children => _children;

    public override void Prepare(FactStore store)
    {
        foreach (var c in _children)
        {
            c.Prepare(store);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool ShowsSpecificData(in MemberView member)
    {
        foreach (var c in _children)
        {
            if (c.ShowsSpecificData(member))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class AllOfNode(IReadOnlyList<Node> children) : GroupNode(children)
{
    public override string Kind => "all-of";

    /// <summary>Not met if any child is not met, else to confirm if any child is, else met.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override CriterionResult Evaluate(in MemberView member)
    {
        var result = CriterionResult.Met;
        foreach (var c in Children)
        {
            var t = c.Evaluate(member);
            if (t == CriterionResult.NotMet)
            {
                return CriterionResult.NotMet;
            }

            if (t < result)
            {
                result = t;
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var items = new List<EvidenceItem>(Children.Length);
        foreach (var c in Children)
        {
            items.Add(c.Explain(member));
        }

        var result = CriterionResult.Met;
        var statements = 0;
        foreach (var i in items)
        {
            var r = i.Result;
            if (r < result)
            {
                result = r;
            }

            statements += i.ToConfirm.Count;
        }

        var text = JoinTexts(items);
        IReadOnlyList<string> toConfirm = [];
        if (result == CriterionResult.ToConfirm)
        {
            var all = new string[statements];
            var at = 0;
            foreach (var i in items)
            {
                foreach (var statement in i.ToConfirm)
                {
                    all[at++] = statement;
                }
            }

            toConfirm = all;
        }

        return new EvidenceItem(Kind, result == CriterionResult.Met, text, null, null, null, null, [], items) { ToConfirm = toConfirm };
    }
}

internal sealed class AnyOfNode(IReadOnlyList<Node> children) : GroupNode(children)
{
    public override string Kind => "any-of";

    /// <summary>Met if any child is met, else to confirm if any child is, else not met.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override CriterionResult Evaluate(in MemberView member)
    {
        var result = CriterionResult.NotMet;
        foreach (var c in Children)
        {
            var t = c.Evaluate(member);
            if (t == CriterionResult.Met)
            {
                return CriterionResult.Met;
            }

            if (t > result)
            {
                result = t;
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var items = new List<EvidenceItem>(Children.Length);
        foreach (var c in Children)
        {
            items.Add(c.Explain(member));
        }

        var result = CriterionResult.NotMet;
        foreach (var i in items)
        {
            var r = i.Result;
            if (r > result)
            {
                result = r;
            }
        }

        string text;
        IReadOnlyList<string> toConfirm = [];
        switch (result)
        {
            case CriterionResult.Met:
                text = JoinTexts(items, CriterionResult.Met);
                break;
            case CriterionResult.ToConfirm:
                {
                    // What the data shows for the alternatives still open, and which alternatives it rules out.
                    var open = items.Where(i => i.Result == CriterionResult.ToConfirm).ToList();
                    var ruledOut = items.Where(i => i.Result == CriterionResult.NotMet && i.Text.Length > 0).Select(i => i.Text).ToList();
                    text = Join([.. open.Select(i => i.Text), ruledOut.Count > 0 ? "none of: " + Join(ruledOut) : ""]);
                    toConfirm = open.Count == 1 ? open[0].ToConfirm : [AtLeastOneOf(open.Select(i => i.ToConfirm))];
                    break;
                }

            default:
                text = "none of: " + JoinTexts(items);
                break;
        }

        return new EvidenceItem(Kind, result == CriterionResult.Met, text, null, null, null, null, [], items) { ToConfirm = toConfirm };
    }

    /// <summary>"At least one of: a; or b." from the statements of each open alternative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string AtLeastOneOf(IEnumerable<IReadOnlyList<string>> alternatives) =>
        "At least one of: " + string.Join("; or ", alternatives.Select(a => string.Join(" and ", a.Select(Lower)))) + ".";
}

internal sealed class NoneOfNode(IReadOnlyList<Node> children) : GroupNode(children)
{
    public override string Kind => "none-of";

    /// <summary>Not met if any child is met, else to confirm if any child is (that it does not hold), else met.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override CriterionResult Evaluate(in MemberView member)
    {
        var result = CriterionResult.Met;
        foreach (var c in Children)
        {
            var t = c.Evaluate(member);
            if (t == CriterionResult.Met)
            {
                return CriterionResult.NotMet;
            }

            if (t == CriterionResult.ToConfirm)
            {
                result = CriterionResult.ToConfirm;
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var items = new List<EvidenceItem>(Children.Length);
        foreach (var c in Children)
        {
            items.Add(c.Explain(member));
        }

        var metItems = items.Where(i => i.Met).ToList();
        var open = items.Where(i => i.Result == CriterionResult.ToConfirm).ToList();
        var result = metItems.Count > 0 ? CriterionResult.NotMet : open.Count > 0 ? CriterionResult.ToConfirm : CriterionResult.Met;
        var shown = items.Where(i => i.Result == CriterionResult.NotMet && i.Text.Length > 0).Select(i => i.Text).ToList();
        var text = result switch
        {
            CriterionResult.NotMet => "not met because " + Join(metItems.Select(i => i.Text)),
            _ when shown.Count > 0 => "none of: " + Join(shown),
            _ => "",
        };
        IReadOnlyList<string> toConfirm = result == CriterionResult.ToConfirm
            ? [.. open.Select(i => "Not the case: " + string.Join(" and ", i.ToConfirm.Select(Lower)))]
            : [];
        return new EvidenceItem(Kind, result == CriterionResult.Met, text, null, null, null, null, [], items) { ToConfirm = toConfirm };
    }
}

internal sealed class AgeNode(int? min, int? max, int asOf) : Node
{
    private int[] _ages = [];

    public override string Kind => "age";

    public override void Prepare(FactStore store) => _ages = store.AgesOn(asOf);

    private int Age(in MemberView member) => _ages[member.Index];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool IsMet(in MemberView member)
    {
        var age = _ages[member.Index];
        return (min is null || age >= min) && (max is null || age <= max);
    }

    private readonly string _range = (min, max) switch
    {
        ({ } lo, null) => $"{lo} or older",
        (null, { } hi) => $"{hi} or younger",
        ({ } lo, { } hi) => $"{lo} to {hi}",
        _ => "any age",
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var age = Age(member);
        var met = IsMet(member);
        var text = Text().Append("age ").Append(age).Append(" on ").Append(D(asOf)).Append(" (").Append(_range)
            .Append(met ? "" : ", not met").Append("; born ").Append(D(member.Store.Members.BirthDays[member.Index])).Append(')');
        return Leaf(Kind, met, text.ToString(), age);
    }
}

internal sealed class EventCountNode(int kindMask, int min, int windowMonths, int startExclusive, int asOf) : Node
{
    public override string Kind => "event-count";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool ShowsSpecificData(in MemberView member) => IsMet(member);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool IsMet(in MemberView member) => Scan(member, min, null) >= min;

    /// <summary>The events this criterion counts, in date order, once per day and kind (the decision and the
    /// evidence both use it): stops after <paramref name="stopAt"/>, adds each to <paramref name="counted"/> when given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan(in MemberView member, int stopAt, List<EventFact>? counted)
    {
        var count = 0;
        int lastDay = -1, lastKind = -1;
        foreach (ref readonly var e in member.Events)
        {
            if (((kindMask >> e.Kind) & 1) == 0 || e.Day <= startExclusive || e.Day > asOf
                || (e.Day == lastDay && e.Kind == lastKind)
                || (e.Kind == EventKinds.Snf && member.InCustodialStay(e.Day)))
            {
                continue;
            }

            lastDay = e.Day;
            lastKind = e.Kind;
            counted?.Add(e);
            if (++count >= stopAt)
            {
                break;
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var several = (kindMask & (kindMask - 1)) != 0;
        var counted = new List<EventFact>();
        Scan(member, int.MaxValue, counted);
        var count = counted.Count;
        var records = new EvidenceRecord[count];
        var text = Text();
        text.Append(count == 0 ? "no" : count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(count == 1 ? _one : _many)
            .Append(' ').Append(_window)
            .Append(" (").Append(min).Append(" or more in ").Append(windowMonths).Append(" months needed)");
        for (var i = 0; i < count; i++)
        {
            var e = counted[i];
            var source = member.Store.Text.GetString(e.Source);
            records[i] = new EvidenceRecord(DateOnly.FromDayNumber(e.Day), null, EventKinds.All[e.Kind], source, null);
            if (i < ListedAtMost)
            {
                text.Append(i == 0 ? ": " : ", ").Append(D(e.Day));
                if (several)
                {
                    text.Append(' ').Append(EventKinds.Words(e.Kind).One);
                }

                text.Append(" (").Append(source).Append(')');
            }
        }

        EndList(text, count);
        return Leaf(Kind, count >= min, text.ToString(), count, min, startExclusive + 1, asOf, records);
    }

    private readonly string _window = Window(startExclusive, asOf);
    private readonly string _one = Words(kindMask, 1);
    private readonly string _many = Words(kindMask, 2);

    private static string Words(int kindMask, int count)
    {
        var names = new List<string>();
        for (byte k = 0; k < EventKinds.All.Count; k++)
        {
            if (((kindMask >> k) & 1) != 0)
            {
                var (one, many) = EventKinds.Words(k);
                names.Add(count == 1 ? one : many);
            }
        }

        return string.Join(" or ", names);
    }
}

internal sealed class DiagnosisNode(string listName, uint bit, int minCount, int startExclusive, int asOf) : Node
{
    public override string Kind => "diagnosis";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool ShowsSpecificData(in MemberView member) => IsMet(member);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool IsMet(in MemberView member) => Scan(member, minCount, null) >= minCount;

    /// <summary>The diagnoses this criterion counts, once per date (the decision and the evidence both use it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan(in MemberView member, int stopAt, List<DiagnosisFact>? counted)
    {
        var count = 0;
        var lastDay = int.MinValue;
        foreach (ref readonly var d in member.Diagnoses)
        {
            if ((d.Lists & bit) == 0 || d.Day > asOf || d.EndDay <= startExclusive || d.Day == lastDay)
            {
                continue;
            }

            lastDay = d.Day;
            counted?.Add(d);
            if (++count >= stopAt)
            {
                break;
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var counted = new List<DiagnosisFact>();
        Scan(member, int.MaxValue, counted);
        var count = counted.Count;
        var records = new EvidenceRecord[count];
        var text = Text();
        text.Append(count == 0 ? "no" : count.ToString(CultureInfo.InvariantCulture)).Append(count == 1 ? " date" : " dates")
            .Append(" with a ").Append(_label).Append(" diagnosis ").Append(_window).Append(" (").Append(minCount).Append(" or more needed)");
        for (var i = 0; i < count; i++)
        {
            var d = counted[i];
            var code = member.Store.Codes[d.Code];
            var source = member.Store.Text.GetString(d.Source);
            DateOnly? end = d.EndDay != d.Day && d.EndDay != int.MaxValue ? DateOnly.FromDayNumber(d.EndDay) : null;
            records[i] = new EvidenceRecord(DateOnly.FromDayNumber(d.Day), end, "diagnosis", source, code);
            if (i < ListedAtMost)
            {
                text.Append(i == 0 ? ": " : ", ").Append(D(d.Day));
                if (d.EndDay != d.Day)
                {
                    text.Append(d.EndDay == int.MaxValue ? ", active" : " to ").Append(d.EndDay == int.MaxValue ? "" : D(d.EndDay));
                }

                text.Append(' ').Append(code).Append(" (").Append(source).Append(')');
            }
        }

        EndList(text, count);
        return Leaf(Kind, count >= minCount, text.ToString(), count, minCount, startExclusive == int.MinValue ? null : startExclusive + 1, asOf, records);
    }

    private readonly string _label = listName.Replace('-', ' ');
    private readonly string _window = Window(startExclusive, asOf);
}

internal sealed class HomelessnessNode(uint bits, int windowDays, int startExclusive, int asOf) : Node
{
    public override string Kind => "homelessness";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool ShowsSpecificData(in MemberView member) => IsMet(member);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool IsMet(in MemberView member) => Scan(member, 1, null, null) > 0;

    /// <summary>The HMIS records and homelessness diagnoses this criterion counts (the decision and the evidence
    /// both use it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan(in MemberView member, int stopAt, List<HomelessFact>? stays, List<DiagnosisFact>? diagnoses)
    {
        var count = 0;
        foreach (ref readonly var h in member.Homeless)
        {
            if (h.Start <= asOf && h.End > startExclusive)
            {
                stays?.Add(h);
                if (++count >= stopAt)
                {
                    return count;
                }
            }
        }

        foreach (ref readonly var d in member.Diagnoses)
        {
            if ((d.Lists & bits) != 0 && d.Day <= asOf && d.EndDay > startExclusive)
            {
                diagnoses?.Add(d);
                if (++count >= stopAt)
                {
                    return count;
                }
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var records = new List<EvidenceRecord>();
        var shown = new List<string>();
        var stays = new List<HomelessFact>();
        var diagnoses = new List<DiagnosisFact>();
        Scan(member, int.MaxValue, stays, diagnoses);
        foreach (var h in stays)
        {
            var source = member.Store.Text.GetString(h.Source);
            DateOnly? end = h.End == int.MaxValue ? null : DateOnly.FromDayNumber(h.End);
            records.Add(new EvidenceRecord(DateOnly.FromDayNumber(h.Start), end, "hmis", source, null));
            var span = h.End == h.Start ? $"on {D(h.Start)}" : h.End == int.MaxValue ? $"from {D(h.Start)}, open" : $"{D(h.Start)} to {D(h.End)}";
            shown.Add($"HMIS {member.Store.Text.GetString(h.Description)} {span} ({source})");
        }

        foreach (var d in diagnoses)
        {
            var code = member.Store.Codes[d.Code];
            var source = member.Store.Text.GetString(d.Source);
            records.Add(new EvidenceRecord(DateOnly.FromDayNumber(d.Day), null, "diagnosis", source, code));
            shown.Add($"diagnosis {code} on {D(d.Day)} ({source})");
        }

        var met = records.Count > 0;
        var text = met
            ? $"homeless {Window(startExclusive, asOf)} (within {windowDays} days): {List(shown)}"
            : $"no record of homelessness {Window(startExclusive, asOf)} (within {windowDays} days)";
        return Leaf(Kind, met, text, records.Count, 1, startExclusive + 1, asOf, records);
    }
}

/// <summary>Enrolled in a program on the as-of date, or at some time in the window. For <c>pregnancy</c> a
/// pregnancy, delivery or postpartum diagnosis in the window (for "pregnant now": in the last
/// <see cref="PregnantNowMonths"/> months) counts too.</summary>
internal sealed class ProgramNode(string program, byte[] programIds, int? withinMonths, int startExclusive, int asOf,
    uint diagnosisBits, int diagnosisStartExclusive) : Node
{
    /// <summary>How recent a pregnancy diagnosis must be to show a member is pregnant on the as-of date.</summary>
    public const int PregnantNowMonths = 3;

    public override string Kind => "program";

    private bool Counts(in SpanFact s) =>
        Array.IndexOf(programIds, s.Program) >= 0 && s.Start <= asOf && (withinMonths is null ? s.End >= asOf : s.End > startExclusive);

    private bool Counts(in DiagnosisFact d) =>
        (d.Lists & diagnosisBits) != 0 && d.Day <= asOf && d.EndDay > diagnosisStartExclusive;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool ShowsSpecificData(in MemberView member) => IsMet(member);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool IsMet(in MemberView member) => Scan(member, 1, null, null) > 0;

    /// <summary>The spans and pregnancy diagnoses (once per date) this criterion counts (the decision and the
    /// evidence both use it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan(in MemberView member, int stopAt, List<SpanFact>? spans, List<DiagnosisFact>? diagnoses)
    {
        var count = 0;
        foreach (ref readonly var s in member.Programs)
        {
            if (Counts(s))
            {
                spans?.Add(s);
                if (++count >= stopAt)
                {
                    return count;
                }
            }
        }

        if (diagnosisBits != 0)
        {
            var lastDay = int.MinValue;
            foreach (ref readonly var d in member.Diagnoses)
            {
                if (!Counts(d) || d.Day == lastDay)
                {
                    continue;
                }

                lastDay = d.Day;
                diagnoses?.Add(d);
                if (++count >= stopAt)
                {
                    return count;
                }
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var records = new List<EvidenceRecord>();
        var shown = new List<string>();
        var spans = new List<SpanFact>();
        var diagnoses = new List<DiagnosisFact>();
        Scan(member, int.MaxValue, spans, diagnoses);
        foreach (var s in spans)
        {
            var source = member.Store.Text.GetString(s.Source);
            var code = ProgramCodes.All[s.Program];
            DateOnly? end = s.End == int.MaxValue ? null : DateOnly.FromDayNumber(s.End);
            records.Add(new EvidenceRecord(DateOnly.FromDayNumber(s.Start), end, "program", source, code));
            var span = s.End == int.MaxValue ? $"from {D(s.Start)}, open" : $"{D(s.Start)} to {D(s.End)}";
            var which = code == program ? "" : code + " ";
            var where = string.Join(" ", new[] { member.Store.Text.GetString(s.Origin), source }.Where(t => t.Length > 0));
            shown.Add(where.Length > 0 ? $"{which}{span} ({where})" : $"{which}{span}");
        }

        foreach (var d in diagnoses)
        {
            var code = member.Store.Codes[d.Code];
            var source = member.Store.Text.GetString(d.Source);
            records.Add(new EvidenceRecord(DateOnly.FromDayNumber(d.Day), null, "diagnosis", source, code));
            shown.Add($"diagnosis {code} on {D(d.Day)} ({source})");
        }

        var met = records.Count > 0;
        var what = ProgramCodes.Words(program);
        var when = withinMonths is null ? $"on {D(asOf)}" : $"{Window(startExclusive, asOf)} (within {withinMonths} months)";
        var text = met ? $"in {what} {when}: {List(shown)}" : $"not in {what} {when}";
        if (diagnosisBits != 0 && withinMonths is null)
        {
            text += $" (a pregnancy diagnosis {Window(diagnosisStartExclusive, asOf)} counts)";
        }

        return Leaf(Kind, met, text, records.Count, 1, withinMonths is null ? asOf : startExclusive + 1, asOf, records);
    }
}

internal sealed class ReleaseNode(int months, int startExclusive, int asOf) : Node
{
    public override string Kind => "release";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool ShowsSpecificData(in MemberView member) => IsMet(member);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool IsMet(in MemberView member) => Scan(member, 1, null) > 0;

    /// <summary>The releases in the window (the decision and the evidence both use it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan(in MemberView member, int stopAt, List<ReleaseFact>? counted)
    {
        var count = 0;
        foreach (ref readonly var r in member.Releases)
        {
            if (r.Day > startExclusive && r.Day <= asOf)
            {
                counted?.Add(r);
                if (++count >= stopAt)
                {
                    break;
                }
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var records = new List<EvidenceRecord>();
        var shown = new List<string>();
        var counted = new List<ReleaseFact>();
        Scan(member, int.MaxValue, counted);
        foreach (var r in counted)
        {
            var source = member.Store.Text.GetString(r.Source);
            var facility = member.Store.Text.GetString(r.Facility);
            records.Add(new EvidenceRecord(DateOnly.FromDayNumber(r.Day), null, "release", source, facility.Length == 0 ? null : facility));
            shown.Add($"{D(r.Day)}{(facility.Length == 0 ? "" : " from " + facility)} ({source})");
        }

        var met = records.Count > 0;
        var text = met
            ? $"released from incarceration {Window(startExclusive, asOf)} (within {months} months): {List(shown)}"
            : $"no release from incarceration {Window(startExclusive, asOf)} (within {months} months)";
        return Leaf(Kind, met, text, records.Count, 1, startExclusive + 1, asOf, records);
    }
}

/// <summary>Attributes: <c>raceEthnicity</c> (race or ethnicity), <c>race</c>, <c>ethnicity</c>, <c>sex</c>,
/// <c>county</c>, <c>healthNetwork</c>, <c>aidCode</c>, <c>isDual</c> (true/false; <c>dual</c> is the same).</summary>
internal sealed class MemberAttributeNode(string attribute, IReadOnlyList<string> values) : Node
{
    public static readonly IReadOnlyList<string> Known = ["raceEthnicity", "race", "ethnicity", "sex", "county", "healthNetwork", "aidCode", "isDual", "dual"];

    private bool[] _matches = [];
    private readonly string _attribute = string.Equals(attribute, "dual", StringComparison.OrdinalIgnoreCase)
        ? "isDual"
        : Known.First(k => string.Equals(k, attribute, StringComparison.OrdinalIgnoreCase));

    public override string Kind => "member-attribute";

    public override void Prepare(FactStore store)
    {
        var table = store.Members.Values;
        _matches = new bool[table.Count];
        for (var i = 0; i < table.Count; i++)
        {
            _matches[i] = values.Any(v => string.Equals(v, table[(ushort)i], StringComparison.OrdinalIgnoreCase));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Value(in MemberView member, out bool met)
    {
        var m = member.Store.Members;
        var i = member.Index;
        switch (_attribute)
        {
            case "raceEthnicity":
                met = _matches[m.Race[i]] || _matches[m.Ethnicity[i]];
                var race = m.Values[m.Race[i]];
                var ethnicity = m.Values[m.Ethnicity[i]];
                return string.Join("/", new[] { race, ethnicity }.Where(v => v.Length > 0));
            case "race":
                met = _matches[m.Race[i]];
                return m.Values[m.Race[i]];
            case "ethnicity":
                met = _matches[m.Ethnicity[i]];
                return m.Values[m.Ethnicity[i]];
            case "sex":
                var sex = m.Sex[i] == 0 ? "U" : ((char)m.Sex[i]).ToString();
                met = values.Any(v => string.Equals(v, sex, StringComparison.OrdinalIgnoreCase));
                return sex;
            case "county":
                met = _matches[m.County[i]];
                return m.Values[m.County[i]];
            case "healthNetwork":
                met = _matches[m.Network[i]];
                return m.Values[m.Network[i]];
            case "aidCode":
                met = _matches[m.AidCode[i]];
                return m.Values[m.AidCode[i]];
            default:
                var dual = m.Dual[i] switch { 1 => "true", 0 => "false", _ => "" };
                met = dual.Length > 0 && values.Any(v => string.Equals(v, dual, StringComparison.OrdinalIgnoreCase)
                    || (dual == "true" && string.Equals(v, "Y", StringComparison.OrdinalIgnoreCase))
                    || (dual == "false" && string.Equals(v, "N", StringComparison.OrdinalIgnoreCase)));
                return dual;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool IsMet(in MemberView member)
    {
        Value(member, out var met);
        return met;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member)
    {
        var value = Value(member, out var met);
        var label = _attribute switch
        {
            "raceEthnicity" => "race/ethnicity",
            "healthNetwork" => "health network",
            "aidCode" => "aid code",
            "isDual" => "Medicare and Medi-Cal (dual)",
            _ => _attribute,
        };
        var shown = string.IsNullOrEmpty(value) ? "not recorded" : value;
        var text = $"{label} {shown} ({(met ? "" : "not ")}one of {string.Join(", ", values)})";
        return Leaf(Kind, met, text);
    }
}

/// <summary>A fact data cannot show: always to be confirmed (by the ECM provider or the care manager); its
/// evidence has no data text, only the statement to confirm.</summary>
internal sealed class AttestationNode(string statement) : Node
{
    public override string Kind => "attestation";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override CriterionResult Evaluate(in MemberView member) => CriterionResult.ToConfirm;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override EvidenceItem Explain(in MemberView member) =>
        Leaf(Kind, false, "") with { ToConfirm = [statement] };
}
