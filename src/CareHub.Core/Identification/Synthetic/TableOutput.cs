using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace CareHub.Identification.Synthetic;

internal enum ColumnType
{
    Text,
    Date,
    Int,
    Money,
}

/// <summary>A generated file: its name (without extension) and typed columns.</summary>
internal sealed record OutputTable(string Name, (string Name, ColumnType Type)[] Columns)
{
    public static OutputTable Of(string name, params string[] columns) =>
        new(name, [.. columns.Select(c => (c, ColumnType.Text))]);
}

/// <summary>Rows for one table from one chunk of members; values are given in column order.</summary>
internal abstract class RowOutput
{
    public long Rows { get; protected set; }

    public abstract void Text(ReadOnlySpan<char> value);

    public abstract void Date(DateOnly? value);

    /// <summary>A date-time written as <c>YYYY-MM-DDThh:mm:ssZ</c> (Synthea) or <c>YYYY-MM-DD hh:mm:ss</c> (HMIS).</summary>
    public abstract void DateTime(DateOnly date, int seconds, bool iso);

    public abstract void Int(int? value);

    public abstract void Money(long? cents);

    public abstract void End();
}

/// <summary>CSV rows as UTF-8 bytes; fields with a comma, quote or line break are quoted.</summary>
internal sealed class CsvRowOutput(int columns) : RowOutput
{
    private byte[] _buffer = new byte[1 << 16];
    private int _length;
    private int _column;

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        return _buffer.AsSpan(_length, count);
    }

    private void Separator()
    {
        if (_column++ > 0)
        {
            Reserve(1)[0] = (byte)',';
            _length++;
        }
    }

    public override void Text(ReadOnlySpan<char> value)
    {
        Separator();
        if (value.IndexOfAny(",\"\r\n") < 0)
        {
            _length += Encoding.UTF8.GetBytes(value, Reserve(Encoding.UTF8.GetMaxByteCount(value.Length)));
            return;
        }

        var quoted = "\"" + value.ToString().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        _length += Encoding.UTF8.GetBytes(quoted, Reserve(Encoding.UTF8.GetMaxByteCount(quoted.Length)));
    }

    public override void Date(DateOnly? value)
    {
        Separator();
        if (value is { } d)
        {
            WriteDate(d);
        }
    }

    public override void DateTime(DateOnly date, int seconds, bool iso)
    {
        Separator();
        WriteDate(date);
        var s = Reserve(iso ? 10 : 9);
        s[0] = iso ? (byte)'T' : (byte)' ';
        Two(s[1..], seconds / 3600);
        s[3] = (byte)':';
        Two(s[4..], seconds / 60 % 60);
        s[6] = (byte)':';
        Two(s[7..], seconds % 60);
        if (iso)
        {
            s[9] = (byte)'Z';
        }

        _length += iso ? 10 : 9;
    }

    private void WriteDate(DateOnly d)
    {
        var s = Reserve(10);
        var y = d.Year;
        s[0] = (byte)('0' + (y / 1000));
        s[1] = (byte)('0' + (y / 100 % 10));
        s[2] = (byte)('0' + (y / 10 % 10));
        s[3] = (byte)('0' + (y % 10));
        s[4] = (byte)'-';
        Two(s[5..], d.Month);
        s[7] = (byte)'-';
        Two(s[8..], d.Day);
        _length += 10;
    }

    private static void Two(Span<byte> s, int v)
    {
        s[0] = (byte)('0' + (v / 10));
        s[1] = (byte)('0' + (v % 10));
    }

    public override void Int(int? value)
    {
        Separator();
        if (value is { } v)
        {
            v.TryFormat(Reserve(11), out var n, default, CultureInfo.InvariantCulture);
            _length += n;
        }
    }

    public override void Money(long? cents)
    {
        Separator();
        if (cents is { } c)
        {
            var s = Reserve(24);
            var n = 0;
            if (c < 0)
            {
                s[n++] = (byte)'-';
                c = -c;
            }

            (c / 100).TryFormat(s[n..], out var w, default, CultureInfo.InvariantCulture);
            n += w;
            s[n++] = (byte)'.';
            Two(s[n..], (int)(c % 100));
            _length += n + 2;
        }
    }

    public override void End()
    {
        if (_column != columns)
        {
            throw new InvalidOperationException($"A generated row has {_column} values; the table has {columns} columns.");
        }

        Reserve(1)[0] = (byte)'\n';
        _length++;
        _column = 0;
        Rows++;
    }
}

/// <summary>Parquet rows collected column by column.</summary>
internal sealed class ParquetRowOutput : RowOutput
{
    private readonly OutputTable _table;
    private int _column;

    public ParquetRowOutput(OutputTable table)
    {
        _table = table;
        Columns = [.. table.Columns.Select(c => c.Type switch
        {
            ColumnType.Date => (System.Collections.IList)new List<DateOnly?>(),
            ColumnType.Int => new List<int?>(),
            ColumnType.Money => new List<decimal?>(),
            _ => new List<string?>(),
        })];
    }

    public System.Collections.IList[] Columns { get; }

    public override void Text(ReadOnlySpan<char> value) => ((List<string?>)Columns[_column++]).Add(value.IsEmpty ? null : value.ToString());

    public override void Date(DateOnly? value) => ((List<DateOnly?>)Columns[_column++]).Add(value);

    public override void DateTime(DateOnly date, int seconds, bool iso) => Text(string.Create(CultureInfo.InvariantCulture,
        $"{date:yyyy-MM-dd}{(iso ? 'T' : ' ')}{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}{(iso ? "Z" : "")}"));

    public override void Int(int? value) => ((List<int?>)Columns[_column++]).Add(value);

    public override void Money(long? cents) => ((List<decimal?>)Columns[_column++]).Add(cents is { } c ? c / 100m : null);

    public override void End()
    {
        if (_column != _table.Columns.Length)
        {
            throw new InvalidOperationException($"A generated row has {_column} values; {_table.Name} has {_table.Columns.Length} columns.");
        }

        _column = 0;
        Rows++;
    }
}

/// <summary>One output file; chunks are appended in member order, so the file does not depend on thread timing.</summary>
internal abstract class FileOutput : IAsyncDisposable
{
    public abstract string Path { get; }

    public long Rows { get; protected set; }

    public abstract RowOutput NewChunk();

    public abstract ValueTask AppendAsync(RowOutput chunk, CancellationToken cancellation);

    public abstract ValueTask DisposeAsync();
}

internal sealed class CsvFileOutput : FileOutput
{
    private readonly FileStream _stream;
    private readonly OutputTable _table;

    public CsvFileOutput(string directory, OutputTable table)
    {
        _table = table;
        Path = System.IO.Path.Combine(directory, table.Name + ".csv");
        _stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var header = Encoding.UTF8.GetBytes(string.Join(",", table.Columns.Select(c => c.Name)) + "\n");
        _stream.Write(header);
    }

    public override string Path { get; }

    public override RowOutput NewChunk() => new CsvRowOutput(_table.Columns.Length);

    public override ValueTask AppendAsync(RowOutput chunk, CancellationToken cancellation)
    {
        var csv = (CsvRowOutput)chunk;
        Rows += csv.Rows;
        return _stream.WriteAsync(csv.Bytes, cancellation);
    }

    public override async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}

internal sealed class ParquetFileOutput : FileOutput
{
    public const int RowGroupSize = 1_000_000;

    private readonly OutputTable _table;
    private readonly FileStream _stream;
    private readonly DataField[] _fields;
    private readonly System.Collections.IList[] _pending;
    private ParquetWriter? _writer;

    public ParquetFileOutput(string directory, OutputTable table)
    {
        _table = table;
        Path = System.IO.Path.Combine(directory, table.Name + ".parquet");
        _stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        _fields = [.. table.Columns.Select(c => c.Type switch
        {
            ColumnType.Date => (DataField)new DataField<DateOnly?>(c.Name),
            ColumnType.Int => new DataField<int?>(c.Name),
            ColumnType.Money => new DataField<decimal?>(c.Name),
            _ => new DataField<string>(c.Name),
        })];
        _pending = ((ParquetRowOutput)NewChunk()).Columns;
    }

    public override string Path { get; }

    public override RowOutput NewChunk() => new ParquetRowOutput(_table);

    public override async ValueTask AppendAsync(RowOutput chunk, CancellationToken cancellation)
    {
        var columns = ((ParquetRowOutput)chunk).Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            foreach (var value in columns[i])
            {
                _pending[i].Add(value);
            }
        }

        Rows += chunk.Rows;
        if (_pending[0].Count >= RowGroupSize)
        {
            await FlushAsync(cancellation);
        }
    }

    private async Task FlushAsync(CancellationToken cancellation)
    {
        _writer ??= await ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream, cancellationToken: cancellation);
        if (_pending[0].Count == 0)
        {
            return;
        }

        using var group = _writer.CreateRowGroup();
        for (var i = 0; i < _fields.Length; i++)
        {
            switch (_pending[i])
            {
                case List<string?> s:
                    await group.WriteAsync(_fields[i], s.ToArray());
                    break;
                case List<DateOnly?> d:
                    await group.WriteAsync<DateOnly>(_fields[i], d.ToArray().AsMemory(), cancellationToken: cancellation);
                    break;
                case List<int?> n:
                    await group.WriteAsync<int>(_fields[i], n.ToArray().AsMemory(), cancellationToken: cancellation);
                    break;
                case List<decimal?> m:
                    await group.WriteAsync<decimal>(_fields[i], m.ToArray().AsMemory(), cancellationToken: cancellation);
                    break;
            }

            _pending[i].Clear();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        await _stream.DisposeAsync();
    }
}
