using System.Buffers.Binary;
using System.Text;

namespace CareHub.Identification.Input.Synthea;

/// <summary>
/// Parses the dates of a Synthea file from their UTF-8 bytes (<c>YYYY-MM-DD</c>, or a date-time whose first ten
/// characters are the date). A file has a few thousand distinct dates, so each is remembered by the bytes of its date
/// part in a small table; one instance per reader thread.
/// </summary>
internal sealed class SyntheaDates
{
    private const int Bits = 12;
    private readonly Entry[] _entries = new Entry[1 << Bits];

    private struct Entry
    {
        public ulong Head;
        public ushort Tail;
        public int Day;
    }

    /// <summary>What <see cref="FieldParsers.TryParseIsoDateOrDateTime(ReadOnlySpan{byte}, out int)"/> accepts.</summary>
    public bool TryParse(ReadOnlySpan<byte> text, out int day)
    {
        if (text.Length < 10 || (text.Length > 10 && text[10] != 'T' && text[10] != ' '))
        {
            day = 0;
            return false;
        }

        var head = BinaryPrimitives.ReadUInt64LittleEndian(text);
        var tail = BinaryPrimitives.ReadUInt16LittleEndian(text[8..]);
        ref var known = ref _entries[(int)(((head ^ ((ulong)tail << 48)) * 0x9E3779B97F4A7C15UL) >> (64 - Bits))];
        if (known.Head == head && known.Tail == tail && known.Day != 0)
        {
            day = known.Day;
            return true;
        }

        if (FieldParsers.TryParseIsoDate(text[..10], out day))
        {
            known = new Entry { Head = head, Tail = tail, Day = day };
            return true;
        }

        return false;
    }
}

/// <summary>
/// The diagnoses kept from encounter REASONCODEs, by member, day and code, with the reference of the encounter id's
/// text: a condition recorded at such an encounter points at the same text instead of a copy of it, and one that
/// repeats the encounter's diagnosis on the same day can be left out. Filled by one encounter reader; read by the
/// condition readers once every encounter is read.
/// </summary>
internal sealed class EncounterDiagnoses(Engine.TextStore text)
{
    private const int DayBits = 20;
    private const int CodeBits = 12;
    private Slot[] _slots = new Slot[1 << 16];
    private int _count;

    private struct Slot
    {
        public long Key;
        public long Reference;
    }

    /// <summary>Remembers a kept diagnosis of an encounter whose id (ASCII) is stored under
    /// <paramref name="reference"/>.</summary>
    public void Add(int member, int day, int code, long reference)
    {
        if (!TryKey(member, day, code, out var key))
        {
            return;
        }

        if ((_count + 1) * 2 > _slots.Length)
        {
            var slots = new Slot[_slots.Length * 2];
            foreach (var slot in _slots)
            {
                if (slot.Reference != 0)
                {
                    Insert(slots, slot.Key, slot.Reference);
                }
            }

            _slots = slots;
        }

        Insert(_slots, key, reference);
        _count++;
    }

    /// <summary>The reference of encounter <paramref name="id"/>'s text when a diagnosis with
    /// <paramref name="code"/> was kept from it for the member on that day; 0 otherwise.</summary>
    public long Find(int member, int day, int code, ReadOnlySpan<byte> id)
    {
        if (!TryKey(member, day, code, out var key))
        {
            return 0;
        }

        var mask = _slots.Length - 1;
        for (var i = SlotOf(key, mask); _slots[i].Reference != 0; i = (i + 1) & mask)
        {
            if (_slots[i].Key == key && Ascii.Equals(id, text.Get(_slots[i].Reference)))
            {
                return _slots[i].Reference;
            }
        }

        return 0;
    }

    private static bool TryKey(int member, int day, int code, out long key)
    {
        key = ((long)member << (DayBits + CodeBits)) | ((long)day << CodeBits) | (long)code;
        return (uint)day < 1u << DayBits && (uint)code < 1u << CodeBits;
    }

    private static int SlotOf(long key, int mask) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32) & mask;

    private static void Insert(Slot[] slots, long key, long reference)
    {
        var mask = slots.Length - 1;
        var i = SlotOf(key, mask);
        while (slots[i].Reference != 0)
        {
            i = (i + 1) & mask;
        }

        slots[i] = new Slot { Key = key, Reference = reference };
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
