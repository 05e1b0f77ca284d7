using System.Text;

namespace CareHub.Identification.Input.Synthea;

/// <summary>
/// The diagnoses kept from encounter REASONCODEs, per member, with the reference of the encounter id's text: a
/// condition recorded at such an encounter points at the same text instead of a copy of it, and one that repeats the
/// encounter's diagnosis on the same day can be left out. Each encounter reader adds through its own
/// <see cref="Writer"/>; the condition readers look up once every encounter is read. A member's diagnoses are a chain
/// from its head, so a file in member order reads and writes them in order.
/// </summary>
internal sealed class EncounterDiagnoses(Engine.TextStore text, int members)
{
    private const int IndexBits = 24;
    private readonly int[] _heads = new int[members];
    private readonly List<Writer> _writers = [];
    private readonly Lock _lock = new();

    internal struct Entry
    {
        public long Reference;
        public int Day;
        public int Code;
        public int Next;
    }

    /// <summary>A writer for one encounter reader.</summary>
    public Writer NewWriter()
    {
        lock (_lock)
        {
            var writer = new Writer(this, _writers.Count);
            _writers.Add(writer);
            return writer;
        }
    }

    /// <summary>The reference of encounter <paramref name="id"/>'s text when a diagnosis with
    /// <paramref name="code"/> was kept from it for the member on that day; 0 otherwise.</summary>
    public long Find(int member, int day, int code, ReadOnlySpan<byte> id)
    {
        for (var link = _heads[member]; link != 0;)
        {
            ref readonly var entry = ref _writers[link >>> IndexBits].EntryAt((link & ((1 << IndexBits) - 1)) - 1);
            if (entry.Day == day && entry.Code == code && Ascii.Equals(id, text.Get(entry.Reference)))
            {
                return entry.Reference;
            }

            link = entry.Next;
        }

        return 0;
    }

    internal sealed class Writer(EncounterDiagnoses owner, int id)
    {
        private Entry[] _entries = new Entry[1024];
        private int _count;

        internal ref readonly Entry EntryAt(int index) => ref _entries[index];

        /// <summary>Remembers a kept diagnosis of an encounter whose id (ASCII) is stored under
        /// <paramref name="reference"/>.</summary>
        public void Add(int member, int day, int code, long reference)
        {
            if (_count == (1 << IndexBits) - 1 || id >= 1 << (31 - IndexBits))
            {
                return;
            }

            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            var link = (id << IndexBits) | (_count + 1);
            ref var head = ref owner._heads[member];
            ref var entry = ref _entries[_count++];
            entry = new Entry { Reference = reference, Day = day, Code = code };

            // Two readers add to one member only where their parts of the file meet.
            int next;
            do
            {
                next = Volatile.Read(ref head);
                entry.Next = next;
            }
            while (Interlocked.CompareExchange(ref head, link, next) != next);
        }
    }
}

/// <summary>The event kinds some rule of the run counts (bits by <see cref="EventKinds"/> id): an encounter's events
/// of other kinds are not kept.</summary>
internal static class CountedEvents
{
    public static int Of(Engine.CompiledRules rules)
    {
        var mask = 0;
        foreach (var rule in rules.Rules)
        {
            mask |= Of(rule.Rule.Criteria);
        }

        return mask;
    }

    private static int Of(Catalog.Criterion criterion) => criterion switch
    {
        Catalog.AllOf all => all.Criteria.Aggregate(0, (mask, c) => mask | Of(c)),
        Catalog.AnyOf any => any.Criteria.Aggregate(0, (mask, c) => mask | Of(c)),
        Catalog.NoneOf none => none.Criteria.Aggregate(0, (mask, c) => mask | Of(c)),
        Catalog.EventCountCriterion events => events.Events.Select(EventKinds.IdOf).Where(id => id >= 0).Aggregate(0, (mask, id) => mask | (1 << id)),
        _ => 0,
    };
}
