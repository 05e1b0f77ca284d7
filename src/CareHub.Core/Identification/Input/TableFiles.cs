namespace CareHub.Identification.Input;

/// <summary>An input file found for a run: the name shown in messages and the full path.</summary>
internal sealed record InputFileRef(string DisplayName, string Path);

/// <summary>Finds a logical file (CSV or Parquet) in a directory and reads it with the matching reader.</summary>
internal static class TableFiles
{
    /// <summary>Finds <c>name.csv</c> or <c>name.parquet</c>; null when neither exists. Both existing is a problem.</summary>
    public static InputFileRef? Find(string directory, string name, ReadContext context, bool caseInsensitive = false)
    {
        var csv = Locate(directory, name + ".csv", caseInsensitive);
        var parquet = Locate(directory, name + ".parquet", caseInsensitive);
        if (csv is not null && parquet is not null)
        {
            context.Problems.Add(new InputProblem(Path.GetFileName(csv),
                $"both {Path.GetFileName(csv)} and {Path.GetFileName(parquet)} exist in {directory}; keep one of them."));
            return null;
        }

        var path = csv ?? parquet;
        return path is null ? null : new InputFileRef(Path.GetFileName(path), path);
    }

    private static string? Locate(string directory, string fileName, bool caseInsensitive)
    {
        var exact = Path.Combine(directory, fileName);
        if (File.Exists(exact))
        {
            return exact;
        }

        if (!caseInsensitive)
        {
            return null;
        }

        return Directory.EnumerateFiles(directory)
            .FirstOrDefault(f => string.Equals(Path.GetFileName(f), fileName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>About how many rows the file has: its lines for a CSV file (a quick count of line ends), else an
    /// estimate from its size; for sizing the member table.</summary>
    public static int EstimateRows(InputFileRef file, int bytesPerRow)
    {
        var length = new FileInfo(file.Path).Length;
        var rows = file.Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? length / bytesPerRow
            : CsvTableReader.CountLines(file.Path, length) + 1;
        return (int)Math.Min(int.MaxValue / 2, Math.Max(1024, rows));
    }

    /// <summary>
    /// The workers of a file read in <paramref name="parts"/> parts, one per part, created in part order, with a small
    /// array after each that the caller keeps alive (<paramref name="gaps"/>) until every part is read. A worker and
    /// what it allocates as it is made are written on every row by its part's thread; made back to back, the last
    /// object of one and the first of the next can share a cache line, and the two threads then slow each other down
    /// (false sharing: reading the claims file took 30 to 50 % more CPU in about half the runs).
    /// </summary>
    public static TWorker[] CreateWorkers<TWorker>(int parts, ColumnMap map, Func<ColumnMap, TWorker> createWorker, out byte[][] gaps)
        where TWorker : RowWorker
    {
        var workers = new TWorker[parts];
        gaps = new byte[parts][];
        for (var i = 0; i < parts; i++)
        {
            workers[i] = createWorker(map);
            gaps[i] = new byte[GapBytes];
        }

        return workers;
    }

    private const int GapBytes = 512;

    public static async Task<IReadOnlyList<TWorker>?> ReadAsync<TWorker>(InputFileRef file, TableSchema schema, ReadContext context, Func<ColumnMap, TWorker> createWorker, bool parallel = true)
        where TWorker : RowWorker
    {
        context.Cancellation.ThrowIfCancellationRequested();
        return file.Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? await ParquetTableReader.ReadAsync(file.Path, file.DisplayName, schema, context, createWorker, parallel)
            : CsvTableReader.Read(file.Path, file.DisplayName, schema, context, createWorker, parallel);
    }
}
