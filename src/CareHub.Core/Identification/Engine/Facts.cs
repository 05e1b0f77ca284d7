using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CareHub.Identification.Engine;

/// <summary>A utilization event (one claim line or encounter) that a rule may count.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct EventFact
{
    public int Day;
    public byte Kind;
    public long Source;
}

/// <summary>A diagnosis in one or more code lists. Claim lines are points (<see cref="EndDay"/> = <see cref="Day"/>);
/// Synthea conditions are spans (active until STOP).</summary>
[StructLayout(LayoutKind.Auto)]
internal struct DiagnosisFact
{
    public int Day;
    public int EndDay;
    public uint Lists;
    public int Code;
    public long Source;
}

/// <summary>An enrollment in a program (or a nursing facility stay); <see cref="End"/> inclusive, int.MaxValue when open.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct SpanFact
{
    /// <summary><see cref="Level"/> of a custodial nursing facility stay.</summary>
    public const byte Custodial = 1;

    /// <summary><see cref="Level"/> of a skilled nursing facility stay.</summary>
    public const byte Skilled = 2;

    public int Start;
    public int End;
    public byte Program;

    /// <summary>A nursing facility stay's level of care: <see cref="Custodial"/>, <see cref="Skilled"/> or 0 (not given).</summary>
    public byte Level;
    public long Source;
    public long Origin;
}

/// <summary>A release from a prison, jail or youth facility.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct ReleaseFact
{
    public int Day;
    public long Source;
    public long Facility;
}

/// <summary>A time a member was homeless according to HMIS; <see cref="End"/> inclusive, int.MaxValue when open.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct HomelessFact
{
    public int Start;
    public int End;
    public long Source;
    public long Description;
}

/// <summary>
/// Append-only text storage: source ids and descriptions are copied here instead of allocating a string per row.
/// A reference packs the arena id (16 bits), the offset (32 bits) and the length (16 bits).
/// </summary>
internal sealed class TextArena
{
    private const int BlockBits = 20;
    private const int BlockSize = 1 << BlockBits;
    private readonly List<char[]> _blocks = [];
    private int _position = BlockSize;

    public TextArena(int id) => Id = id;

    public int Id { get; }

    public long Add(ReadOnlySpan<char> text)
    {
        if (text.Length > ushort.MaxValue)
        {
            text = text[..ushort.MaxValue];
        }

        if (_position + text.Length > BlockSize)
        {
            _blocks.Add(new char[BlockSize]);
            _position = 0;
        }

        text.CopyTo(_blocks[^1].AsSpan(_position));
        var offset = ((long)(_blocks.Count - 1) << BlockBits) | (uint)_position;
        _position += text.Length;
        return ((long)Id << 48) | (offset << 16) | (uint)text.Length;
    }

    /// <summary>Adds text given in UTF-8 (as read from a file).</summary>
    public long Add(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > ushort.MaxValue || !Ascii.IsValid(utf8))
        {
            return Add(Encoding.UTF8.GetString(utf8));
        }

        if (_position + utf8.Length > BlockSize)
        {
            _blocks.Add(new char[BlockSize]);
            _position = 0;
        }

        Ascii.ToUtf16(utf8, _blocks[^1].AsSpan(_position), out _);
        var offset = ((long)(_blocks.Count - 1) << BlockBits) | (uint)_position;
        _position += utf8.Length;
        return ((long)Id << 48) | (offset << 16) | (uint)utf8.Length;
    }

    public ReadOnlySpan<char> Get(long reference)
    {
        var length = (int)(reference & 0xFFFF);
        var offset = (reference >> 16) & 0xFFFFFFFFL;
        var block = (int)(offset >> BlockBits);
        var position = (int)(offset & (BlockSize - 1));
        return _blocks[block].AsSpan(position, length);
    }
}

/// <summary>All arenas of a run. Each reader thread appends to its own arena; reads are safe once reading ends.</summary>
internal sealed class TextStore
{
    private readonly List<TextArena> _arenas = [];
    private readonly Lock _lock = new();

    public TextArena NewArena()
    {
        lock (_lock)
        {
            var arena = new TextArena(_arenas.Count);
            _arenas.Add(arena);
            return arena;
        }
    }

    public ReadOnlySpan<char> Get(long reference) =>
        (reference & 0xFFFF) == 0 ? default : _arenas[(int)(reference >> 48)].Get(reference);

    public string GetString(long reference) => Get(reference).ToString();
}

/// <summary>Interned code strings (diagnosis codes), shared by all reader threads.</summary>
internal sealed class CodeTable
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _codes = [];
    private readonly Lock _lock = new();

    public CodeTable() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Intern(ReadOnlySpan<char> code)
    {
        if (_lookup.TryGetValue(code, out var id))
        {
            return id;
        }

        lock (_lock)
        {
            if (_lookup.TryGetValue(code, out id))
            {
                return id;
            }

            var text = code.ToString();
            id = _codes.Count;
            _codes.Add(text);
            _ids[text] = id;
            return id;
        }
    }

    /// <summary>The codes by id; call once reading has finished.</summary>
    public string[] Freeze()
    {
        lock (_lock)
        {
            return [.. _codes];
        }
    }
}

/// <summary>One reader thread's facts in fixed-size blocks: adding never copies, and blocks are let go as soon as
/// they are grouped by member.</summary>
internal sealed class FactBuffer<T>
    where T : struct
{
    private const int BlockBits = 14;
    private const int BlockSize = 1 << BlockBits;
    private readonly List<int[]> _members = [];
    private readonly List<T[]> _items = [];
    private int _position = BlockSize;

    public int Count { get; private set; }

    public int BlockCount => _items.Count;

    public void Add(int member, in T item)
    {
        if (_position == BlockSize)
        {
            _members.Add(new int[BlockSize]);
            _items.Add(new T[BlockSize]);
            _position = 0;
        }

        _members[^1][_position] = member;
        _items[^1][_position] = item;
        _position++;
        Count++;
    }

    /// <summary>The members of block <paramref name="block"/>.</summary>
    public ReadOnlySpan<int> MembersOf(int block) => _members[block].AsSpan(0, LengthOf(block));

    /// <summary>The facts of block <paramref name="block"/>.</summary>
    public ReadOnlySpan<T> ItemsOf(int block) => _items[block].AsSpan(0, LengthOf(block));

    /// <summary>Lets the blocks go once they have been copied.</summary>
    public void Release()
    {
        _members.Clear();
        _items.Clear();
        _position = BlockSize;
    }

    private int LengthOf(int block) => block < _items.Count - 1 ? BlockSize : _position;
}

/// <summary>Facts grouped by member (compressed rows): the facts of member m are items[offsets[m]..offsets[m+1]].</summary>
internal sealed class FactTable<T>
    where T : struct
{
    private readonly int[] _offsets;
    private readonly T[] _items;

    private FactTable(int[] offsets, T[] items)
    {
        _offsets = offsets;
        _items = items;
    }

    public int Count => _items.Length;

    public ReadOnlySpan<T> For(int member) => _items.AsSpan(_offsets[member], _offsets[member + 1] - _offsets[member]);

    /// <summary>Groups the buffers' facts by member (a counting sort), then sorts each member's facts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FactTable<T> Build(IReadOnlyList<FactBuffer<T>> buffers, int memberCount, IComparer<T> order, int parallelism)
    {
        var offsets = new int[memberCount + 1];
        foreach (var buffer in buffers)
        {
            for (var block = 0; block < buffer.BlockCount; block++)
            {
                foreach (var m in buffer.MembersOf(block))
                {
                    offsets[m + 1]++;
                }
            }
        }

        for (var i = 0; i < memberCount; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var items = new T[offsets[memberCount]];
        var next = new int[memberCount];
        Array.Copy(offsets, next, memberCount);
        foreach (var buffer in buffers)
        {
            for (var block = 0; block < buffer.BlockCount; block++)
            {
                var members = buffer.MembersOf(block);
                var values = buffer.ItemsOf(block);
                for (var i = 0; i < members.Length; i++)
                {
                    items[next[members[i]]++] = values[i];
                }
            }

            buffer.Release();
        }

        var table = new FactTable<T>(offsets, items);
        if (items.Length > 0)
        {
            var blocks = Math.Max(1, parallelism * 4);
            var step = (memberCount + blocks - 1) / blocks;
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, b =>
            {
                var end = Math.Min(memberCount, (b + 1) * step);
                for (var m = b * step; m < end; m++)
                {
                    var length = offsets[m + 1] - offsets[m];
                    if (length > 1)
                    {
                        items.AsSpan(offsets[m], length).Sort(order);
                    }
                }
            });
        }

        return table;
    }
}
