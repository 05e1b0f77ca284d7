using nietras.SeparatedValues;

namespace CareHub.Identification.Input;

/// <summary>
/// Reads a CSV file, binding columns by header name (the header is read with Sep). Large files are cut at line ends
/// into one part per thread and read in parallel, each part by its own worker (<see cref="CsvRangeReader"/>); rows
/// are parsed from spans without allocating.
/// Fields may be quoted (RFC 4180) but must not contain line breaks.
/// </summary>
internal static class CsvTableReader
{
    private const long MinimumChunkBytes = 16L << 20;
    private const int ProgressEvery = 1 << 16;

    /// <summary>Reads the file; returns the workers (one per part, in file order), or null when the file could not
    /// be read at all (the reason is in <see cref="ReadContext.Problems"/>).</summary>
    public static IReadOnlyList<TWorker>? Read<TWorker>(string path, string displayName, TableSchema schema, ReadContext context, Func<ColumnMap, TWorker> createWorker, bool parallel = true)
        where TWorker : RowWorker
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            context.AddProblem(new InputProblem(displayName, $"file not found ({schema.Kind})."));
            return null;
        }

        if (info.Length == 0)
        {
            context.AddProblem(new InputProblem(displayName, $"the file is empty; expected a header line with the {schema.Kind} columns."));
            return null;
        }

        IReadOnlyList<string> header;
        using (var headerReader = Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096), hasHeader: true))
        {
            header = headerReader.Header.ColNames;
        }

        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            context.AddProblem(new InputProblem(displayName, $"the first line is empty; expected a header line with the {schema.Kind} columns."));
            return null;
        }

        var map = new ColumnMap(header, schema);
        if (map.Missing.Count > 0)
        {
            context.AddProblem(new InputProblem(displayName,
                $"missing required column(s) {string.Join(", ", map.Missing)}. The header has: {string.Join(", ", header)}."));
            return null;
        }

        context.Progress.StartFile(displayName);
        var threads = parallel ? context.Parallelism : 1;
        var bounds = Split(path, info.Length, threads);
        var workers = TableFiles.CreateWorkers(bounds.Count - 1, map, createWorker, out var gaps);

        Parallel.For(0, workers.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            var start = bounds[part];
            var chunk = new TableChunk(displayName, part == 0 ? null : () => CountLines(path, start), isParquet: false);
            var worker = workers[part];
            worker.Begin(context.Errors, map, chunk);
            using var reader = new CsvRangeReader(path, start, bounds[part + 1], skipHeader: part == 0);
            var columns = header.Count;
            long pending = 0;
            while (reader.MoveNext())
            {
                if (context.ShouldStop)
                {
                    break;
                }

                if (reader.IsEmptyLine)
                {
                    continue;
                }

                if (reader.ColCount != columns)
                {
                    var column = reader.ColCount < columns ? map.NameOf(reader.ColCount) : "";
                    context.Errors.Add(new RowError(displayName, chunk.ResolveLine(reader.LineNumber), column,
                        $"the row has {reader.ColCount} fields; the header has {columns}."));
                }
                else
                {
                    worker.Accept(reader.Row, reader.LineNumber);
                }

                if (++pending == ProgressEvery)
                {
                    context.Progress.AddRows(pending);
                    pending = 0;
                }
            }

            context.Progress.AddRows(pending);
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

    private static SepReader Open(Stream stream, bool hasHeader) =>
        Sep.New(',').Reader(o => o with
        {
            HasHeader = hasHeader,
            DisableColCountCheck = true,
            Unescape = true,
            ColNameComparer = StringComparer.OrdinalIgnoreCase,
        }).From(stream);

    /// <summary>Part boundaries: byte offsets just after a line end, first 0, last the file length.</summary>
    private static List<long> Split(string path, long length, int parallelism)
    {
        var parts = (int)Math.Clamp(length / MinimumChunkBytes, 1, Math.Max(1, parallelism));
        var bounds = new List<long> { 0 };
        if (parts > 1)
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[64 * 1024];
            for (var i = 1; i < parts; i++)
            {
                var position = Math.Max(bounds[^1], length * i / parts);
                var found = -1L;
                while (found < 0 && position < length)
                {
                    var read = RandomAccess.Read(handle, buffer, position);
                    if (read <= 0)
                    {
                        break;
                    }

                    var at = buffer.AsSpan(0, read).IndexOf((byte)'\n');
                    if (at >= 0)
                    {
                        found = position + at + 1;
                    }
                    else
                    {
                        position += read;
                    }
                }

                if (found > 0 && found < length && found > bounds[^1])
                {
                    bounds.Add(found);
                }
            }
        }

        bounds.Add(length);
        return bounds;
    }

    /// <summary>The number of line ends before <paramref name="offset"/> (only needed to report an error).</summary>
    internal static long CountLines(string path, long offset)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[1 << 20];
        long lines = 0, position = 0;
        while (position < offset)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, offset - position)), position);
            if (read <= 0)
            {
                break;
            }

            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            position += read;
        }

        return lines;
    }
}
