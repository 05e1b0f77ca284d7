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
/// text. A position of -1 (an absent optional column) reads as empty.
/// </summary>
internal readonly ref struct Fields
{
    private readonly char[]? _text;
    private readonly int[]? _starts;
    private readonly int[]? _lengths;
    private readonly ParquetRowGroupText? _parquet;
    private readonly int _row;

    public Fields(char[] text, int[] starts, int[] lengths, int count)
    {
        _text = text;
        _starts = starts;
        _lengths = lengths;
        _parquet = null;
        _row = 0;
        Count = count;
    }

    public Fields(ParquetRowGroupText parquet, int row, int count)
    {
        _parquet = parquet;
        _row = row;
        Count = count;
    }

    public int Count { get; }

    public ReadOnlySpan<char> this[int position] =>
        (uint)position >= (uint)Count ? default
        : _parquet is null ? _text.AsSpan(_starts![position], _lengths![position]) : _parquet.Get(position, _row);
}

/// <summary>Reads one kind of row. One instance per reader thread; instances never share mutable state.</summary>
internal abstract class RowWorker
{
    private RowErrorLog? _errors;
    private ColumnMap? _map;
    private TableChunk? _chunk;
    private long _local;
    private string? _lastMemberId;
    private int _lastMember;

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

    /// <summary>Finds a member by id; rows of one member usually follow each other, so the last one found is
    /// checked before the table.</summary>
    protected bool TryFindMember(MemberTable members, ReadOnlySpan<char> id, out int index)
    {
        if (_lastMemberId is not null && id.SequenceEqual(_lastMemberId))
        {
            index = _lastMember;
            return true;
        }

        if (!members.TryFind(id, out index))
        {
            return false;
        }

        _lastMemberId = members.Ids[index];
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
