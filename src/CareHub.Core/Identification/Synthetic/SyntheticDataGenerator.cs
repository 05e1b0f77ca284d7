using System.Diagnostics;

namespace CareHub.Identification.Synthetic;

/// <summary>The output layout of <see cref="SyntheticDataGenerator"/>.</summary>
public enum SyntheticFormat
{
    PlanData,
    Synthea,
}

/// <summary>What to generate.</summary>
public sealed record SyntheticDataOptions(int Members, ulong Seed, SyntheticFormat Format, string OutputDirectory)
{
    /// <summary>The last date of the generated history (24 months of data end here).</summary>
    public DateOnly AsOf { get; init; } = new(2024, 12, 31);

    /// <summary>Scales routine office and lab visits; the default gives about 30 claim lines per member in plan data.</summary>
    public double LinesPerMember { get; init; } = 30;

    /// <summary>Write plan-data files as Parquet instead of CSV (plan data only).</summary>
    public bool Parquet { get; init; }

    /// <summary>Also write an HMIS export to <c>OutputDirectory/hmis</c>.</summary>
    public bool Hmis { get; init; } = true;

    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>A generated file and its row count (without the header).</summary>
public sealed record GeneratedFile(string Path, long Rows, long Bytes);

public sealed record SyntheticDataResult(IReadOnlyList<GeneratedFile> Files, TimeSpan Elapsed);

/// <summary>
/// Writes a synthetic population (plan data or Synthea, plus an HMIS export). Members are built independently from
/// (seed, index) in parallel chunks and written in index order, so the same seed gives byte-identical files
/// whatever the thread count; rows are streamed chunk by chunk, never held for the whole population.
/// </summary>
public static class SyntheticDataGenerator
{
    private const int ChunkSize = 2048;

    public static async Task<SyntheticDataResult> GenerateAsync(SyntheticDataOptions options, Action<long>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Members);
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutputDirectory);
        var hmisDirectory = Path.Combine(options.OutputDirectory, "hmis");
        if (options.Hmis)
        {
            Directory.CreateDirectory(hmisDirectory);
        }

        var parquet = options.Parquet && options.Format == SyntheticFormat.PlanData;
        var tables = options.Format == SyntheticFormat.PlanData ? PlanDataEmitter.Tables : SyntheaEmitter.Tables;
        var outputs = tables.Select(t => parquet ? (FileOutput)new ParquetFileOutput(options.OutputDirectory, t) : new CsvFileOutput(options.OutputDirectory, t)).ToList();
        var hmisOutputs = options.Hmis ? HmisEmitter.Tables.Select(t => (FileOutput)new CsvFileOutput(hmisDirectory, t)).ToList() : [];
        var all = outputs.Concat(hmisOutputs).ToList();
        try
        {
            var parallelism = Math.Max(1, options.MaxDegreeOfParallelism ?? Environment.ProcessorCount);
            var scale = options.LinesPerMember / 30.0;
            var chunks = (options.Members + ChunkSize - 1) / ChunkSize;
            var wave = parallelism * 2;
            var homeless = 0L;
            for (var first = 0; first < chunks; first += wave)
            {
                cancellation.ThrowIfCancellationRequested();
                var count = Math.Min(wave, chunks - first);
                var results = new (RowOutput[] Main, RowOutput[] Hmis, int Homeless)[count];
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
                {
                    var main = outputs.Select(o => o.NewChunk()).ToArray();
                    var hmis = hmisOutputs.Select(o => o.NewChunk()).ToArray();
                    var start = (first + i) * ChunkSize;
                    var end = Math.Min(options.Members, start + ChunkSize);
                    var found = 0;
                    for (var index = start; index < end; index++)
                    {
                        var member = MemberFactory.Create(options.Seed, index, options.AsOf, scale);
                        if (options.Format == SyntheticFormat.PlanData)
                        {
                            PlanDataEmitter.Emit(member, main, options.Seed);
                        }
                        else
                        {
                            SyntheaEmitter.Emit(member, main, options.Seed);
                        }

                        if (options.Hmis && member.Hmis is { } client)
                        {
                            HmisEmitter.Emit(client, member.Race, hmis);
                            found++;
                        }
                    }

                    results[i] = (main, hmis, found);
                });

                foreach (var (main, hmis, found) in results)
                {
                    for (var t = 0; t < main.Length; t++)
                    {
                        await outputs[t].AppendAsync(main[t], cancellation);
                    }

                    for (var t = 0; t < hmis.Length; t++)
                    {
                        await hmisOutputs[t].AppendAsync(hmis[t], cancellation);
                    }

                    homeless += found;
                }

                progress?.Invoke(Math.Min(options.Members, (long)(first + count) * ChunkSize));
            }

            if (options.Hmis)
            {
                // HMIS clients who are not plan members: about a third as many as the homeless members.
                var strangers = hmisOutputs.Select(o => o.NewChunk()).ToArray();
                for (var k = 0; k < Math.Max(1, homeless / 3); k++)
                {
                    var rng = new Rng(options.Seed, (ulong)k, 4);
                    HmisEmitter.Emit(HmisFactory.Stranger(k, ref rng, options.AsOf), "unknown", strangers);
                }

                for (var t = 0; t < strangers.Length; t++)
                {
                    await hmisOutputs[t].AppendAsync(strangers[t], cancellation);
                }
            }
        }
        finally
        {
            foreach (var output in all)
            {
                await output.DisposeAsync();
            }
        }

        var files = all.Select(o => new GeneratedFile(o.Path, o.Rows, new FileInfo(o.Path).Length)).ToList();
        if (options.Format == SyntheticFormat.Synthea)
        {
            var payers = new CsvFileOutput(options.OutputDirectory, SyntheaEmitter.Payers);
            var chunk = payers.NewChunk();
            SyntheaEmitter.EmitPayers(chunk);
            await payers.AppendAsync(chunk, cancellation);
            await payers.DisposeAsync();
            files.Add(new GeneratedFile(payers.Path, payers.Rows, new FileInfo(payers.Path).Length));
        }

        if (options.Hmis)
        {
            foreach (var (table, write) in new (OutputTable, Action<RowOutput>)[]
            {
                (HmisEmitter.Project, HmisEmitter.EmitProjects),
                (HmisEmitter.Export, r => HmisEmitter.EmitExport(r, options.AsOf)),
            })
            {
                var output = new CsvFileOutput(hmisDirectory, table);
                var chunk = output.NewChunk();
                write(chunk);
                await output.AppendAsync(chunk, cancellation);
                await output.DisposeAsync();
                files.Add(new GeneratedFile(output.Path, output.Rows, new FileInfo(output.Path).Length));
            }
        }

        return new SyntheticDataResult(files, clock.Elapsed);
    }
}
