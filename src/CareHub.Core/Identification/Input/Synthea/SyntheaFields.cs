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
/// The ids of the encounters whose diagnoses were kept, with the reference of the id's text: a condition names the
/// encounter it was recorded at, and its source then points at the same text instead of a copy of it. Filled by one
/// encounter reader; read by the condition readers once every encounter is read.
/// </summary>
internal sealed class EncounterSources(Engine.TextStore text)
{
    private Slot[] _slots = new Slot[1 << 16];
    private int _count;

    private struct Slot
    {
        public ulong Hash;
        public long Reference;
    }

    /// <summary>Remembers an ASCII encounter id and the reference its text was stored under.</summary>
    public void Add(ReadOnlySpan<byte> id, long reference)
    {
        if ((_count + 1) * 2 > _slots.Length)
        {
            var slots = new Slot[_slots.Length * 2];
            foreach (var slot in _slots)
            {
                if (slot.Reference != 0)
                {
                    Insert(slots, slot.Hash, slot.Reference);
                }
            }

            _slots = slots;
        }

        Insert(_slots, Hash(id), reference);
        _count++;
    }

    /// <summary>The reference of the encounter id's text, or 0 when it was not kept.</summary>
    public long Find(ReadOnlySpan<byte> id, ulong hash)
    {
        var mask = _slots.Length - 1;
        for (var i = (int)hash & mask; _slots[i].Reference != 0; i = (i + 1) & mask)
        {
            if (_slots[i].Hash == hash && Ascii.Equals(id, text.Get(_slots[i].Reference)))
            {
                return _slots[i].Reference;
            }
        }

        return 0;
    }

    private static void Insert(Slot[] slots, ulong hash, long reference)
    {
        var mask = slots.Length - 1;
        var i = (int)hash & mask;
        while (slots[i].Reference != 0)
        {
            i = (i + 1) & mask;
        }

        slots[i] = new Slot { Hash = hash, Reference = reference };
    }

    public static ulong Hash(ReadOnlySpan<byte> id)
    {
        var hash = 0x9E3779B97F4A7C15UL ^ (ulong)id.Length;
        while (id.Length >= 8)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(id)) * 0xFF51AFD7ED558CCDUL;
            hash ^= hash >> 32;
            id = id[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < id.Length; i++)
        {
            tail |= (ulong)id[i] << (8 * i);
        }

        hash = (hash ^ tail) * 0xC4CEB9FE1A85EC53UL;
        return hash ^ (hash >> 29);
    }
}
