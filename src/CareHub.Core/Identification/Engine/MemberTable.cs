using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace CareHub.Identification.Engine;

/// <summary>Interned attribute values (counties, health networks, aid codes, race codes); id 0 is "unknown".</summary>
internal sealed class ValueTable
{
    private readonly Dictionary<string, ushort> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ushort>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _values = [""];
    private readonly (byte[]? Value, ushort Id)[] _ascii = new (byte[]?, ushort)[256];

    public ValueTable() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _values.Count;

    public string this[ushort id] => _values[id];

    /// <summary>Not thread-safe: members and enrollment are read by one thread.</summary>
    public ushort Intern(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        if (_lookup.TryGetValue(value, out var id))
        {
            return id;
        }

        if (_values.Count == ushort.MaxValue)
        {
            return 0;
        }

        var text = value.ToString();
        id = (ushort)_values.Count;
        _values.Add(text);
        _ids[text] = id;
        return id;
    }

    /// <summary><see cref="Intern(ReadOnlySpan{char})"/> for ASCII bytes: the values met last are found without
    /// widening them.</summary>
    public ushort InternAscii(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var b in value)
        {
            hash = (hash ^ b) * 16777619u;
        }

        ref var known = ref _ascii[hash >> 24];
        if (known.Value is { } bytes && value.SequenceEqual(bytes))
        {
            return known.Id;
        }

        Span<char> text = value.Length <= 128 ? stackalloc char[value.Length] : new char[value.Length];
        Ascii.ToUtf16(value, text, out _);
        var id = Intern(text);
        known = (value.ToArray(), id);
        return id;
    }
}

/// <summary>What a members row gives beside its id and dates. Race, ethnicity and county are ids in the value table
/// of whoever made it (the member table's, or that of a stage of rows read on another core).</summary>
internal readonly record struct MemberDetails(byte Sex, ushort Race, ushort Ethnicity, ushort County, string? FirstName, string? LastName, short Ssn4);

/// <summary>
/// The members of a run as columns indexed by member position: demographics and the enrollment that covers the
/// as-of date. Member ids are kept as UTF-8 in one array and found through an index of their own (no string per
/// member); ids are compared as the text they decode to.
/// </summary>
internal sealed class MemberTable
{
    public const int NoDate = int.MaxValue;
    public const byte DualUnknown = 2;

    private readonly bool _keepIdentity;
    private int _capacity;
    private byte[] _idBytes;
    private int[] _idStarts;
    private int _idLength;

    // Open addressing with linear probing, at most half full: a slot holds the member index + 1 in its low 32 bits
    // (0 for a free slot) and the high 32 bits of the id's hash above them, so that a probe compares ids only when
    // their hashes agree.
    private ulong[] _slots;
    private int _slotMask;
    private bool _ascending = true;

    /// <summary>A table for about <paramref name="capacity"/> members whose ids take about <paramref name="idBytes"/>
    /// bytes each (both grow as needed).</summary>
    public MemberTable(int capacity, bool keepIdentity, bool requireEnrollment, int idBytes = 10)
    {
        _capacity = Math.Max(16, capacity);
        _keepIdentity = keepIdentity;
        RequireEnrollment = requireEnrollment;
        _idBytes = new byte[_capacity * Math.Max(1, idBytes)];
        _idStarts = new int[_capacity + 1];
        _slots = new ulong[SlotsFor(_capacity)];
        _slotMask = _slots.Length - 1;
        BirthDays = new int[_capacity];
        DeathDays = new int[_capacity];
        Sex = new byte[_capacity];
        Race = new ushort[_capacity];
        Ethnicity = new ushort[_capacity];
        County = new ushort[_capacity];
        Network = new ushort[_capacity];
        AidCode = new ushort[_capacity];
        Dual = new byte[_capacity];
        EnrolledFrom = new int[_capacity];
        FirstNames = keepIdentity ? new string?[_capacity] : [];
        LastNames = keepIdentity ? new string?[_capacity] : [];
        Ssn4 = keepIdentity ? new short[_capacity] : [];
    }

    public int Count { get; private set; }

    /// <summary>True for plan data: a member must have an enrollment span covering the as-of date.</summary>
    public bool RequireEnrollment { get; }

    public ValueTable Values { get; } = new();

    public int[] BirthDays;
    public int[] DeathDays;
    public byte[] Sex;
    public ushort[] Race;
    public ushort[] Ethnicity;
    public ushort[] County;
    public ushort[] Network;
    public ushort[] AidCode;
    public byte[] Dual;

    /// <summary>Start day of the enrollment span that covers the as-of date, or -1 when none does.</summary>
    public int[] EnrolledFrom;

    public string?[] FirstNames;
    public string?[] LastNames;
    public short[] Ssn4;

    public bool KeepsIdentity => _keepIdentity;

    /// <summary>The member's id as in the input.</summary>
    public string IdOf(int index) => Encoding.UTF8.GetString(IdBytes(index));

    /// <summary>The member's id in UTF-8.</summary>
    public ReadOnlySpan<byte> IdBytes(int index) => _idBytes.AsSpan(_idStarts[index], _idStarts[index + 1] - _idStarts[index]);

    public bool Contains(ReadOnlySpan<char> id) => TryFind(id, out _);

    public bool TryFind(ReadOnlySpan<char> id, out int index)
    {
        Span<byte> buffer = stackalloc byte[128];
        var utf8 = Encode(id, buffer);
        return TryFindNormalized(utf8, out index);
    }

    /// <summary>Finds a member by the UTF-8 bytes of an id as read from a file (bytes that are not valid UTF-8 match
    /// the id they decode to).</summary>
    public bool TryFind(ReadOnlySpan<byte> id, out int index)
    {
        if (Ascii.IsValid(id))
        {
            return TryFindNormalized(id, out index);
        }

        return TryFind(Encoding.UTF8.GetString(id), out index);
    }

    /// <summary>Whether member <paramref name="index"/> has the id whose UTF-8 bytes (as read) are <paramref name="id"/>.</summary>
    public bool HasId(int index, ReadOnlySpan<byte> id)
    {
        if ((uint)index >= (uint)Count)
        {
            return false;
        }

        if (id.SequenceEqual(IdBytes(index)))
        {
            return true;
        }

        // Bytes that differ can still decode to the same text when they are not valid UTF-8.
        return !Ascii.IsValid(id) && TryFind(id, out var found) && found == index;
    }

    /// <summary>Adds a member; returns -1 when the id is already present.</summary>
    public int Add(ReadOnlySpan<char> id, int birthDay, int deathDay)
    {
        Span<byte> buffer = stackalloc byte[128];
        return AddNormalized(Encode(id, buffer), birthDay, deathDay);
    }

    /// <summary>Adds a member by the UTF-8 bytes of its id as read; returns -1 when the id is already present.</summary>
    public int Add(ReadOnlySpan<byte> id, int birthDay, int deathDay) =>
        Ascii.IsValid(id) ? AddNormalized(id, birthDay, deathDay) : Add(Encoding.UTF8.GetString(id), birthDay, deathDay);

    /// <summary>Sets what a members row gives beside the id and dates (race, ethnicity and county as ids of
    /// <see cref="Values"/>; names and SSN only when identity is kept).</summary>
    public void SetDetails(int index, in MemberDetails details)
    {
        Sex[index] = details.Sex;
        Race[index] = details.Race;
        Ethnicity[index] = details.Ethnicity;
        County[index] = details.County;
        if (_keepIdentity)
        {
            FirstNames[index] = details.FirstName;
            LastNames[index] = details.LastName;
            Ssn4[index] = details.Ssn4;
        }
    }

    /// <summary>Lets the columns go down to the members read, once every member is in.</summary>
    public void TrimExcess()
    {
        if (Count == _capacity)
        {
            return;
        }

        Resize(Math.Max(1, Count));
        Array.Resize(ref _idBytes, Math.Max(1, _idLength));
    }

    private int AddNormalized(ReadOnlySpan<byte> id, int birthDay, int deathDay)
    {
        // Members files are usually in id order: while every id sorts after the one before, a new id cannot be in the
        // table yet, so the free slot is found without comparing ids.
        _ascending = _ascending && (Count == 0 || id.SequenceCompareTo(IdBytes(Count - 1)) > 0);
        var hash = Hash(id);
        var tag = hash & TagMask;
        var slot = (int)hash & _slotMask;
        ulong entry;
        while ((entry = _slots[slot]) != 0)
        {
            if (!_ascending && (entry & TagMask) == tag && IdBytes((int)(uint)entry - 1).SequenceEqual(id))
            {
                return -1;
            }

            slot = (slot + 1) & _slotMask;
        }

        if (Count == _capacity)
        {
            Resize(_capacity * 2);
        }

        if (_idBytes.Length - _idLength < id.Length)
        {
            Array.Resize(ref _idBytes, Math.Max(_idBytes.Length * 2, _idLength + id.Length));
        }

        var index = Count++;
        id.CopyTo(_idBytes.AsSpan(_idLength));
        _idLength += id.Length;
        _idStarts[index + 1] = _idLength;
        BirthDays[index] = birthDay;
        DeathDays[index] = deathDay;
        Dual[index] = DualUnknown;
        EnrolledFrom[index] = -1;
        if (_keepIdentity)
        {
            Ssn4[index] = -1;
        }

        if (Count * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }
        else
        {
            _slots[slot] = tag | (uint)(index + 1);
        }

        return index;
    }

    private bool TryFindNormalized(ReadOnlySpan<byte> id, out int index)
    {
        var hash = Hash(id);
        var tag = hash & TagMask;
        var slot = (int)hash & _slotMask;
        ulong entry;
        while ((entry = _slots[slot]) != 0)
        {
            if ((entry & TagMask) == tag && IdBytes((int)(uint)entry - 1).SequenceEqual(id))
            {
                index = (int)(uint)entry - 1;
                return true;
            }

            slot = (slot + 1) & _slotMask;
        }

        index = -1;
        return false;
    }

    private static ReadOnlySpan<byte> Encode(ReadOnlySpan<char> id, Span<byte> buffer) =>
        Encoding.UTF8.GetMaxByteCount(id.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(id, buffer)]
            : Encoding.UTF8.GetBytes(id.ToString());

    private const ulong TagMask = 0xFFFF_FFFF_0000_0000UL;

    private static int SlotsFor(int members) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(32, members * 2));

    private void Rehash(int size)
    {
        _slots = new ulong[size];
        _slotMask = size - 1;
        for (var i = 0; i < Count; i++)
        {
            var hash = Hash(IdBytes(i));
            var slot = (int)hash & _slotMask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _slotMask;
            }

            _slots[slot] = (hash & TagMask) | (uint)(i + 1);
        }
    }

    /// <summary>A hash of the id's bytes, eight at a time.</summary>
    private static ulong Hash(ReadOnlySpan<byte> id)
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

    private void Resize(int capacity)
    {
        _capacity = capacity;
        Array.Resize(ref _idStarts, _capacity + 1);
        Array.Resize(ref BirthDays, _capacity);
        Array.Resize(ref DeathDays, _capacity);
        Array.Resize(ref Sex, _capacity);
        Array.Resize(ref Race, _capacity);
        Array.Resize(ref Ethnicity, _capacity);
        Array.Resize(ref County, _capacity);
        Array.Resize(ref Network, _capacity);
        Array.Resize(ref AidCode, _capacity);
        Array.Resize(ref Dual, _capacity);
        Array.Resize(ref EnrolledFrom, _capacity);
        if (_keepIdentity)
        {
            Array.Resize(ref FirstNames, _capacity);
            Array.Resize(ref LastNames, _capacity);
            Array.Resize(ref Ssn4, _capacity);
        }
    }
}
