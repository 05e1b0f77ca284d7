using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace CareHub.Identification.Input;

/// <summary>One Parquet row group's bound columns as text, so Parquet rows go through the same row workers as
/// CSV rows. String columns keep their strings; dates, numbers and flags are formatted once per value.</summary>
internal sealed class ParquetRowGroupText
{
    private readonly string?[]?[] _strings;
    private readonly char[]?[] _chars;
    private readonly int[]?[] _offsets;

    public ParquetRowGroupText(int columns)
    {
        _strings = new string?[columns][];
        _chars = new char[columns][];
        _offsets = new int[columns][];
    }

    public ReadOnlySpan<char> Get(int column, int row)
    {
        if (_strings[column] is { } strings)
        {
            return strings[row];
        }

        if (_offsets[column] is { } offsets)
        {
            return _chars[column].AsSpan(offsets[row], offsets[row + 1] - offsets[row]);
        }

        return default;
    }

    public void SetStrings(int column, string?[] values) => _strings[column] = values;

    public void SetFormatted(int column, char[] chars, int[] offsets)
    {
        _chars[column] = chars;
        _offsets[column] = offsets;
    }
}

/// <summary>
/// Reads a Parquet file whose columns carry the same names as the CSV format. Dates may be Parquet dates,
/// timestamps or ISO strings; numbers may be integers, decimals, doubles or strings. Row groups are shared out
/// between threads; a "line" in an error is the row number (1-based).
/// </summary>
internal static class ParquetTableReader
{
    public static async Task<IReadOnlyList<TWorker>?> ReadAsync<TWorker>(string path, string displayName, TableSchema schema, ReadContext context, Func<ColumnMap, TWorker> createWorker, bool parallel = true)
        where TWorker : RowWorker
    {
        if (!File.Exists(path))
        {
            context.AddProblem(new InputProblem(displayName, $"file not found ({schema.Kind})."));
            return null;
        }

        var options = new ParquetOptions { UseDateOnlyTypeForDates = true, TreatByteArrayAsString = true };
        DataField[] fields;
        long[] groupStarts;
        try
        {
            await using var probe = await ParquetReader.CreateAsync(path, options, context.Cancellation);
            fields = probe.Schema.DataFields;
            groupStarts = new long[probe.RowGroupCount + 1];
            for (var g = 0; g < probe.RowGroupCount; g++)
            {
                using var group = probe.OpenRowGroupReader(g);
                groupStarts[g + 1] = groupStarts[g] + group.RowCount;
            }
        }
        catch (IOException e)
        {
            context.AddProblem(new InputProblem(displayName, $"not a readable Parquet file: {e.Message}"));
            return null;
        }
        catch (InvalidDataException e)
        {
            context.AddProblem(new InputProblem(displayName, $"not a readable Parquet file: {e.Message}"));
            return null;
        }

        var header = fields.Select(f => f.Name).ToArray();
        var map = new ColumnMap(header, schema);
        if (map.Missing.Count > 0)
        {
            context.AddProblem(new InputProblem(displayName,
                $"missing required column(s) {string.Join(", ", map.Missing)}. The file has: {string.Join(", ", header)}."));
            return null;
        }

        if (groupStarts[^1] == 0)
        {
            return [];
        }

        context.Progress.StartFile(displayName);
        var groupCount = groupStarts.Length - 1;
        var threads = Math.Clamp(groupCount, 1, parallel ? context.Parallelism : 1);
        var workers = TableFiles.CreateWorkers(threads, map, createWorker, out var gaps);

        var numbered = new HashSet<int>(map.Numbered);
        var wanted = Enumerable.Range(0, header.Length)
            .Where(i => numbered.Contains(i)
                || schema.Required.Contains(header[i], StringComparer.OrdinalIgnoreCase)
                || schema.Optional.Contains(header[i], StringComparer.OrdinalIgnoreCase))
            .ToArray();
        await Parallel.ForAsync(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = context.Cancellation }, async (t, ct) =>
        {
            var worker = workers[t];
            var chunk = new TableChunk(displayName, linesBefore: () => 0, isParquet: true);
            worker.Begin(context.Errors, map, chunk);
            await using var reader = await ParquetReader.CreateAsync(path, options, ct);
            var row = new RowBuffer();
            for (var g = t; g < groupCount && !context.ShouldStop; g += threads)
            {
                using var group = reader.OpenRowGroupReader(g);
                var rows = (int)group.RowCount;
                var text = new ParquetRowGroupText(header.Length);
                foreach (var column in wanted)
                {
                    await LoadColumnAsync(group, fields[column], rows, text, column, ct);
                }

                var first = groupStarts[g];
                for (var r = 0; r < rows && !context.ShouldStop; r++)
                {
                    row.StartText();
                    for (var c = 0; c < header.Length; c++)
                    {
                        row.AddText(text.Get(c, r));
                    }

                    worker.Accept(row.EndText(), first + r + 1);
                }

                context.Progress.AddRows(rows);
            }
        });

        GC.KeepAlive(gaps);
        foreach (var worker in workers)
        {
            worker.Complete();
        }

        lock (context.RowsPerFile)
        {
            context.RowsPerFile[displayName] = workers.Sum(w => w.RowsAccepted);
        }

        return workers;
    }

    private static async Task LoadColumnAsync(ParquetRowGroupReader group, DataField field, int rows, ParquetRowGroupText text, int column, CancellationToken ct)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct);
            text.SetStrings(column, values);
        }
        else if (type == typeof(DateOnly))
        {
            var values = new DateOnly?[rows];
            await group.ReadAsync<DateOnly>(field, values.AsMemory(), null, ct);
            Format(values, rows, text, column, static (DateOnly v, Span<char> s, out int n) => v.TryFormat(s, out n, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else if (type == typeof(DateTime))
        {
            var values = new DateTime?[rows];
            await group.ReadAsync<DateTime>(field, values.AsMemory(), null, ct);
            Format(values, rows, text, column, static (DateTime v, Span<char> s, out int n) => v.TryFormat(s, out n, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else if (type == typeof(int))
        {
            var values = new int?[rows];
            await group.ReadAsync<int>(field, values.AsMemory(), null, ct);
            Format(values, rows, text, column, static (int v, Span<char> s, out int n) => v.TryFormat(s, out n, default, CultureInfo.InvariantCulture));
        }
        else if (type == typeof(long))
        {
            var values = new long?[rows];
            await group.ReadAsync<long>(field, values.AsMemory(), null, ct);
            Format(values, rows, text, column, static (long v, Span<char> s, out int n) => v.TryFormat(s, out n, default, CultureInfo.InvariantCulture));
        }
        else if (type == typeof(decimal))
        {
            var values = new decimal?[rows];
            await group.ReadAsync<decimal>(field, values.AsMemory(), null, ct);
            Format(values, rows, text, column, static (decimal v, Span<char> s, out int n) => v.TryFormat(s, out n, default, CultureInfo.InvariantCulture));
        }
        else if (type == typeof(double))
        {
            var values = new double?[rows];
            await group.ReadAsync<double>(field, values.AsMemory(), null, ct);
            Format(values, rows, text, column, static (double v, Span<char> s, out int n) => v.TryFormat(s, out n, "R", CultureInfo.InvariantCulture));
        }
        else if (type == typeof(bool))
        {
            var values = new bool?[rows];
            await group.ReadAsync<bool>(field, values.AsMemory(), null, ct);
            Format(values, rows, text, column, static (bool v, Span<char> s, out int n) =>
            {
                n = 1;
                s[0] = v ? 'Y' : 'N';
                return true;
            });
        }

        // Other types (lists, structs) are left unbound and read as empty.
    }

    private delegate bool Formatter<T>(T value, Span<char> destination, out int written);

    private static void Format<T>(T?[] values, int rows, ParquetRowGroupText text, int column, Formatter<T> format)
        where T : struct
    {
        var chars = new char[rows * 12];
        var offsets = new int[rows + 1];
        var at = 0;
        for (var r = 0; r < rows; r++)
        {
            if (values[r] is { } value)
            {
                if (chars.Length - at < 64)
                {
                    Array.Resize(ref chars, chars.Length * 2);
                }

                format(value, chars.AsSpan(at), out var written);
                at += written;
            }

            offsets[r + 1] = at;
        }

        text.SetFormatted(column, chars, offsets);
    }
}
