using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using CareHub.Identification.Engine;

namespace CareHub.Identification.Input;

/// <summary>The columns a reader binds by header name (case-insensitive). Columns may be listed in any order and
/// extra columns are ignored.</summary>
internal sealed class TableSchema(string kind, IReadOnlyList<string> required, IReadOnlyList<string> optional)
{
    /// <summary>What the file holds, for messages ("members", "Synthea encounters").</summary>
    public string Kind { get; } = kind;

    public IReadOnlyList<string> Required { get; } = required;

    public IReadOnlyList<string> Optional { get; } = optional;

    /// <summary>Also bind every column whose name starts with this prefix followed by digits (e.g. diagnosis_1..12).</summary>
    public string? NumberedPrefix { get; init; }
}

/// <summary>The header of one file bound to a schema: the position of each named column, -1 when absent.</summary>
internal sealed class ColumnMap
{
    private readonly Dictionary<string, int> _positions;

    public ColumnMap(IReadOnlyList<string> header, TableSchema schema)
    {
        Header = header;
        _positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            _positions.TryAdd(header[i].Trim(), i);
        }

        Missing = [.. schema.Required.Where(c => !_positions.ContainsKey(c))];
        if (schema.NumberedPrefix is { } prefix)
        {
            Numbered = [.. header
                .Select((name, index) => (name: name.Trim(), index))
                .Where(h => h.name.Length > prefix.Length && h.name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && FieldParsers.IsAllDigits(h.name.AsSpan(prefix.Length)))
                .Select(h => h.index)];
        }
        else
        {
            Numbered = [];
        }
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string> Missing { get; }

    /// <summary>Positions of the numbered columns (<see cref="TableSchema.NumberedPrefix"/>), in header order.</summary>
    public int[] Numbered { get; }

    public int this[string column] => _positions.TryGetValue(column, out var i) ? i : -1;

    public bool Has(string column) => _positions.ContainsKey(column);

    public string NameOf(int position) => position >= 0 && position < Header.Count ? Header[position].Trim() : "";
}

/// <summary>A part of a file read by one thread.</summary>
internal sealed class TableChunk
{
    private readonly Func<long>? _linesBefore;
    private long _base = -1;

    public TableChunk(string file, Func<long>? linesBefore, bool isParquet)
    {
        File = file;
        _linesBefore = linesBefore;
        IsParquet = isParquet;
    }

    public string File { get; }

    public bool IsParquet { get; }

    public long ResolveLine(long local)
    {
        if (_linesBefore is null)
        {
            return local;
        }

        if (_base < 0)
        {
            _base = _linesBefore();
        }

        return _base + local;
    }
}

/// <summary>
/// The fields of the current row, from a CSV row (<see cref="CsvRangeReader"/>) or a Parquet row group turned into
/// text. A position of -1 (an absent optional column) reads as empty. Fields can be read as UTF-8 bytes
/// (<see cref="Utf8"/>, how CSV rows arrive) or as text (the indexer, decoded on first use).
/// </summary>
internal readonly ref struct Fields
{
    private readonly RowBuffer _row;
    private readonly byte[] _bytes;
    private readonly int[] _bounds;

    /// <summary>A row whose field i is the bytes after <c>bounds[i]</c> up to <c>bounds[i + 1]</c>.</summary>
    public Fields(RowBuffer row, byte[] bytes, int[] bounds, int count)
    {
        _row = row;
        _bytes = bytes;
        _bounds = bounds;
        Count = count;
    }

    public int Count { get; }

    public ReadOnlySpan<char> this[int position] => _row.Text(position);

    /// <summary>The field's UTF-8 bytes, as in the file (decoded, they are the text the indexer returns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Utf8(int position)
    {
        if ((uint)position >= (uint)Count)
        {
            return default;
        }

        var start = _bounds[position] + 1;
        return new ReadOnlySpan<byte>(_bytes, start, _bounds[position + 1] - start);
    }
}

/// <summary>
/// A reader's current row. A CSV reader sets the fields as UTF-8 byte ranges of its block (one byte between two
/// fields, where the comma was), a Parquet reader as text; text is decoded only when a worker asks for it.
/// </summary>
internal sealed class RowBuffer
{
    private byte[] _bytes = new byte[256];
    private int[] _bounds = new int[17];
    private int _count;
    private char[] _chars = new char[256];
    private int[] _charStarts = new int[16];
    private int[] _charLengths = new int[16];
    private int _charEnd;
    private bool _hasChars;

    /// <summary>The row whose field i is the bytes of <paramref name="bytes"/> after <c>bounds[i]</c> up to
    /// <c>bounds[i + 1]</c>.</summary>
    public Fields SetUtf8(byte[] bytes, int[] bounds, int count)
    {
        _bytes = bytes;
        _bounds = bounds;
        _count = count;
        _hasChars = false;
        return new Fields(this, bytes, bounds, count);
    }

    /// <summary>Starts a row given as text: add each field with <see cref="AddText"/>, then call <see cref="EndText"/>.</summary>
    public void StartText()
    {
        _count = 0;
        _charEnd = 0;
        _hasChars = true;
    }

    public void AddText(ReadOnlySpan<char> field)
    {
        EnsureCharFields(_count + 1);
        if (_chars.Length - _charEnd < field.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charEnd + field.Length));
        }

        field.CopyTo(_chars.AsSpan(_charEnd));
        _charStarts[_count] = _charEnd;
        _charLengths[_count] = field.Length;
        _charEnd += field.Length;
        _count++;
    }

    /// <summary>Ends a row given as text; its fields are encoded to UTF-8 as well.</summary>
    public Fields EndText()
    {
        if (_bounds.Length < _count + 1)
        {
            _bounds = new int[_count + 1];
        }

        var at = 0;
        _bounds[0] = -1;
        for (var i = 0; i < _count; i++)
        {
            var field = _chars.AsSpan(_charStarts[i], _charLengths[i]);
            var most = Encoding.UTF8.GetMaxByteCount(field.Length) + 1;
            if (_bytes.Length - at < most)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, at + most));
            }

            at += Encoding.UTF8.GetBytes(field, _bytes.AsSpan(at));
            _bounds[i + 1] = at++;
        }

        return new Fields(this, _bytes, _bounds, _count);
    }

    public ReadOnlySpan<char> Text(int position)
    {
        if ((uint)position >= (uint)_count)
        {
            return default;
        }

        if (!_hasChars)
        {
            Decode();
        }

        return new ReadOnlySpan<char>(_chars, _charStarts[position], _charLengths[position]);
    }

    /// <summary>Decodes every field. A row of ASCII (nearly all) is widened in one pass; otherwise each field is decoded
    /// on its own, which gives the same text as decoding the whole line (a comma never belongs to a multi-byte
    /// character or to an invalid sequence).</summary>
    private void Decode()
    {
        EnsureCharFields(_count);
        var first = _bounds[0] + 1;
        var region = _bytes.AsSpan(first, _bounds[_count] - first);
        if (_chars.Length < region.Length)
        {
            _chars = new char[Math.Max(region.Length, _chars.Length * 2)];
        }

        if (Ascii.ToUtf16(region, _chars, out _) == OperationStatus.Done)
        {
            for (var i = 0; i < _count; i++)
            {
                _charStarts[i] = _bounds[i] + 1 - first;
                _charLengths[i] = _bounds[i + 1] - _bounds[i] - 1;
            }
        }
        else
        {
            var at = 0;
            for (var i = 0; i < _count; i++)
            {
                var field = _bytes.AsSpan(_bounds[i] + 1, _bounds[i + 1] - _bounds[i] - 1);
                if (_chars.Length - at < field.Length)
                {
                    Array.Resize(ref _chars, Math.Max(_chars.Length * 2, at + field.Length));
                }

                var written = Encoding.UTF8.GetChars(field, _chars.AsSpan(at));
                _charStarts[i] = at;
                _charLengths[i] = written;
                at += written;
            }
        }

        _hasChars = true;
    }

    private void EnsureCharFields(int count)
    {
        if (_charStarts.Length < count)
        {
            var size = Math.Max(count, _charStarts.Length * 2);
            Array.Resize(ref _charStarts, size);
            Array.Resize(ref _charLengths, size);
        }
    }
}

/// <summary>Reads one kind of row. One instance per reader thread; instances never share mutable state.</summary>
internal abstract class RowWorker
{
    private RowErrorLog? _errors;
    private ColumnMap? _map;
    private TableChunk? _chunk;
    private long _local;
    private string? _lastMemberText;
    private byte[] _lastMemberBytes = new byte[64];
    private int _lastMemberLength = -1;
    private int _lastMember = -1;

    public long RowsAccepted { get; private set; }

    /// <summary>The latest service date seen (day number), for workers that read dated events; int.MinValue when none.</summary>
    public int LatestDay { get; protected set; } = int.MinValue;

    public void Begin(RowErrorLog errors, ColumnMap map, TableChunk chunk)
    {
        _errors = errors;
        _map = map;
        _chunk = chunk;
    }

    /// <summary>Processes a row at the given local line (CSV) or row number (Parquet).</summary>
    public void Accept(in Fields row, long local)
    {
        _local = local;
        if (Process(row))
        {
            RowsAccepted++;
        }
    }

    /// <summary>Validates the row and records its facts; returns false when the row was rejected.</summary>
    protected abstract bool Process(in Fields row);

    /// <summary>Called once every part of the file has been read, for each part's worker in file order: a worker that
    /// kept rows for work that must follow file order does it here.</summary>
    public virtual void Complete()
    {
    }

    /// <summary>The local line (CSV) or row number (Parquet) of the row being processed.</summary>
    protected long Line => _local;

    /// <summary>Rejects a row accepted earlier (at local line <paramref name="line"/>) when it is completed.</summary>
    protected bool RejectKept(long line, int position, string reason)
    {
        _local = line;
        RowsAccepted--;
        return Reject(position, reason);
    }

    /// <summary>Finds a member by id; rows of one member usually follow each other, so the last one found is
    /// checked before the table.</summary>
    protected bool TryFindMember(MemberTable members, ReadOnlySpan<char> id, out int index)
    {
        if (_lastMemberText is not null && id.SequenceEqual(_lastMemberText))
        {
            index = _lastMember;
            return true;
        }

        if (!members.TryFind(id, out index))
        {
            return false;
        }

        _lastMemberText = members.IdOf(index);
        _lastMember = index;
        _lastMemberLength = -1;
        return true;
    }

    /// <summary>Finds a member by the UTF-8 bytes of its id. Rows of one member usually follow each other, and files
    /// are usually in the order of the members file, so the last member found and the one after it are checked
    /// before the table.</summary>
    protected bool TryFindMember(MemberTable members, ReadOnlySpan<byte> id, out int index)
    {
        if (_lastMemberLength >= 0 && id.SequenceEqual(_lastMemberBytes.AsSpan(0, _lastMemberLength)))
        {
            index = _lastMember;
            return true;
        }

        index = _lastMember + 1;
        if (!members.HasId(index, id) && !members.TryFind(id, out index))
        {
            return false;
        }

        if (_lastMemberBytes.Length < id.Length)
        {
            _lastMemberBytes = new byte[Math.Max(id.Length, 64)];
        }

        id.CopyTo(_lastMemberBytes);
        _lastMemberLength = id.Length;
        _lastMemberText = null;
        _lastMember = index;
        return true;
    }

    /// <summary>Rejects the current row; always returns false so callers can write <c>return Reject(...)</c>.</summary>
    protected bool Reject(int position, string reason) => RejectColumn(_map!.NameOf(position), reason);

    protected bool RejectColumn(string column, string reason)
    {
        var chunk = _chunk!;
        _errors!.Add(new RowError(chunk.File, chunk.ResolveLine(_local), column, reason) { IsRowNumber = chunk.IsParquet });
        return false;
    }
}
