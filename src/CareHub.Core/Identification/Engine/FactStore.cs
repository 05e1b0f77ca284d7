using CareHub.Members;

namespace CareHub.Identification.Engine;

/// <summary>Everything read for a run, grouped by member, ready for evaluation.</summary>
internal sealed class FactStore
{
    public required MemberTable Members { get; init; }
    public required TextStore Text { get; init; }
    public required string[] Codes { get; init; }
    public required FactTable<EventFact> Events { get; init; }
    public required FactTable<DiagnosisFact> Diagnoses { get; init; }
    public required FactTable<SpanFact> Programs { get; init; }
    public required FactTable<ReleaseFact> Releases { get; init; }
    public required FactTable<HomelessFact> Homeless { get; init; }
    public required int AsOfDay { get; init; }

    public MemberView View(int member) => new(member, this);

    private readonly Dictionary<int, int[]> _ages = [];

    /// <summary>Every member's age in whole years on <paramref name="day"/>, computed once for all the rules that ask.</summary>
    public int[] AgesOn(int day)
    {
        lock (_ages)
        {
            if (!_ages.TryGetValue(day, out var ages))
            {
                var on = DateOnly.FromDayNumber(day);
                var births = Members.BirthDays;
                ages = new int[Members.Count];
                for (var m = 0; m < ages.Length; m++)
                {
                    ages[m] = Ages.WholeYears(DateOnly.FromDayNumber(births[m]), on);
                }

                _ages[day] = ages;
            }

            return ages;
        }
    }
}

/// <summary>One member's facts, as spans into the store.</summary>
internal readonly ref struct MemberView
{
    public MemberView(int index, FactStore store)
    {
        Index = index;
        Store = store;
        Events = store.Events.For(index);
        Diagnoses = store.Diagnoses.For(index);
        Programs = store.Programs.For(index);
        Releases = store.Releases.For(index);
        Homeless = store.Homeless.For(index);
    }

    public int Index { get; }
    public FactStore Store { get; }
    public ReadOnlySpan<EventFact> Events { get; }
    public ReadOnlySpan<DiagnosisFact> Diagnoses { get; }
    public ReadOnlySpan<SpanFact> Programs { get; }
    public ReadOnlySpan<ReleaseFact> Releases { get; }
    public ReadOnlySpan<HomelessFact> Homeless { get; }

    /// <summary>Whether <paramref name="day"/> falls in a custodial nursing facility stay (and in no skilled one):
    /// a skilled nursing bill then is custodial care, not a skilled nursing stay.</summary>
    public bool InCustodialStay(int day)
    {
        var custodial = false;
        foreach (ref readonly var s in Programs)
        {
            if (s.Level != 0 && s.Start <= day && s.End >= day)
            {
                if (s.Level == SpanFact.Skilled)
                {
                    return false;
                }

                custodial = true;
            }
        }

        return custodial;
    }
}

/// <summary>Deterministic orders for each member's facts (ties broken by source id text, never by thread timing).</summary>
internal sealed class FactOrders(TextStore text, Func<string[]> codes)
{
    public IComparer<EventFact> Events { get; } = Comparer<EventFact>.Create((a, b) =>
    {
        var c = a.Day.CompareTo(b.Day);
        if (c == 0)
        {
            c = a.Kind.CompareTo(b.Kind);
        }

        return c != 0 ? c : text.Get(a.Source).SequenceCompareTo(text.Get(b.Source));
    });

    public IComparer<DiagnosisFact> Diagnoses { get; } = Comparer<DiagnosisFact>.Create((a, b) =>
    {
        var c = a.Day.CompareTo(b.Day);
        if (c == 0 && a.Code != b.Code)
        {
            var all = codes();
            c = string.CompareOrdinal(all[a.Code], all[b.Code]);
        }

        return c != 0 ? c : text.Get(a.Source).SequenceCompareTo(text.Get(b.Source));
    });

    public IComparer<SpanFact> Spans { get; } = Comparer<SpanFact>.Create((a, b) =>
    {
        var c = a.Start.CompareTo(b.Start);
        if (c == 0)
        {
            c = a.Program.CompareTo(b.Program);
        }

        if (c == 0)
        {
            c = a.End.CompareTo(b.End);
        }

        return c != 0 ? c : text.Get(a.Source).SequenceCompareTo(text.Get(b.Source));
    });

    public IComparer<ReleaseFact> Releases { get; } = Comparer<ReleaseFact>.Create((a, b) =>
    {
        var c = a.Day.CompareTo(b.Day);
        return c != 0 ? c : text.Get(a.Source).SequenceCompareTo(text.Get(b.Source));
    });

    public IComparer<HomelessFact> Homeless { get; } = Comparer<HomelessFact>.Create((a, b) =>
    {
        var c = a.Start.CompareTo(b.Start);
        if (c == 0)
        {
            c = a.End.CompareTo(b.End);
        }

        return c != 0 ? c : text.Get(a.Source).SequenceCompareTo(text.Get(b.Source));
    });
}
