using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CareHub.Bench.Identification;
using CareHub.Catalog;
using CareHub.Identification;
using CareHub.Identification.Output;
using CareHub.Identification.Synthetic;
using DuckDB.NET.Data;

// Identification benchmark: generates plan-data files (or a Synthea export), then runs CareHub identification end to
// end and DuckDB with the adult high-utilizer rule as SQL on the same files, each in its own child process so that
// each one's peak memory is its own, checks that both find the same high utilizers, and writes
// bench/results/identification-plan-data.md (or -synthea.md) and .json. Usage: see bench/README.md.
var options = BenchOptions.Parse(args);
if (options is null)
{
    return 2;
}

return options.Phase switch
{
    "carehub" => await Phases.CareHubAsync(options),
    "duckdb" => Phases.DuckDb(options),
    _ => await Phases.OrchestrateAsync(options),
};

internal sealed record BenchOptions(int Members, double LinesPerMember, ulong Seed, DateOnly AsOf, string ResultsDirectory, string? DataDirectory,
    bool Keep, string? Phase, string? ResultFile, int Threads, string? Note = null, int Repeat = 3, bool Synthea = false, bool Stages = false)
{
    /// <summary>The input's name in file names and messages.</summary>
    public string InputName => Synthea ? "synthea" : "plan-data";

    public static BenchOptions? Parse(string[] args)
    {
        var members = 1_000_000;
        var lines = 30.0;
        ulong seed = 20240101;
        var asOf = new DateOnly(2024, 12, 31);
        var results = Path.Combine(FindRepositoryRoot(), "bench", "results");
        string? data = null, phase = null, result = null, note = null;
        var repeat = 3;
        var keep = false;
        var synthea = false;
        var stages = false;
        var threads = Environment.ProcessorCount;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            try
            {
                switch (args[i])
                {
                    case "--members": members = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--lines-per-member": lines = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seed": seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--as-of": asOf = DateOnly.ParseExact(Next(), "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                    case "--results": results = Path.GetFullPath(Next()); break;
                    case "--data": data = Path.GetFullPath(Next()); break;
                    case "--keep": keep = true; break;
                    case "--synthea": synthea = true; break;
                    case "--stages": stages = true; break;
                    case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--phase": phase = Next(); break;
                    case "--note": note = Next(); break;
                    case "--repeat": repeat = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--result-file": result = Next(); break;
                    case "--help" or "-h":
                        Console.WriteLine("Options: --members N (default 1000000), --lines-per-member L (default 30), --seed S, --as-of YYYY-MM-DD, "
                            + "--results DIR (default bench/results), --data DIR (reuse generated files), --keep (keep generated files), --threads N, "
                            + "--repeat N (runs of each engine, alternating; the median is reported; default 3), --synthea (a Synthea export instead of plan data), --stages (with --phase carehub: print each stage and file with its time, CPU time, resident memory, bytes allocated and collections), --note TEXT (a sentence for the results, e.g. what else ran on the machine), "
                            + "--phase carehub|duckdb with --data DIR and --result-file FILE (one run of one engine, its figures written to FILE as JSON).");
                        return null;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                Console.Error.WriteLine(ex.Message);
                return null;
            }
        }

        if (members < 1 || lines <= 0 || repeat < 1)
        {
            Console.Error.WriteLine("--members and --repeat must be at least 1 and --lines-per-member positive.");
            return null;
        }

        if (phase is not null && (phase is not ("carehub" or "duckdb") || data is null || result is null))
        {
            Console.Error.WriteLine("--phase takes carehub or duckdb and needs --data DIR and --result-file FILE.");
            return null;
        }

        return new BenchOptions(members, lines, seed, asOf, results, data, keep, phase, result, threads, note, repeat, synthea, stages);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareHub.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

/// <summary>What one child process reports.</summary>
internal sealed record PhaseResult(string Engine, double Seconds, long PeakBytes, long HighUtilizers, string MembersFile, long RowsRead, long OutputRows);

internal static class Phases
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<string> ExclusionPrograms(DateOnly asOf)
    {
        var catalog = CatalogLoader.LoadEmbedded().Catalog!;
        var programs = new CatalogPopulationRuleSource(catalog).GetExclusionPrograms(asOf).ToList();
        if (programs.Exists(p => p.StartsWith("1915c-", StringComparison.Ordinal)) && !programs.Contains(ProgramCodes.Waiver1915C))
        {
            // CareHub counts a span of an unnamed 1915(c) waiver for every 1915(c) exclusion.
            programs.Add(ProgramCodes.Waiver1915C);
        }

        return programs;
    }

    public static async Task<int> CareHubAsync(BenchOptions o)
    {
        var clock = Stopwatch.StartNew();
        var catalog = CatalogLoader.LoadEmbedded().Catalog!;
        var engine = new IdentificationEngine(new CatalogPopulationRuleSource(catalog), TimeProvider.System);
        var output = Path.Combine(o.DataDirectory!, "carehub-eligible.csv");
        var highUtilizers = new List<string>();
        var progress = new IdentificationProgress();
        using var stages = o.Stages ? new StageLog(progress, clock) : null;
        long rows;
        using (var writer = new EligibilityCsvWriter(output))
        {
            var sink = new CompositeDeterminationSink(writer, new CollectingSink(highUtilizers));
            var outcome = await engine.RunAsync(new IdentificationRequest(o.Synthea ? InputKind.Synthea : InputKind.PlanData, o.DataDirectory!, o.AsOf)
            {
                ComputeChecksums = false,
                MaxDegreeOfParallelism = o.Threads,
            }, sink, progress);
            if (!outcome.Succeeded)
            {
                await Console.Error.WriteLineAsync(outcome.Describe());
                return 1;
            }

            writer.Commit();
            rows = outcome.Run!.RowsRead;
        }

        clock.Stop();
        var outputRows = File.ReadLines(output).LongCount() - 1;
        return Report(o, new PhaseResult("CareHub", clock.Elapsed.TotalSeconds, PeakMemory.Bytes(), highUtilizers.Count,
            WriteMembers(o, "carehub", highUtilizers), rows, outputRows));
    }

    public static int DuckDb(BenchOptions o)
    {
        var clock = Stopwatch.StartNew();
        var members = new List<string>();
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = $"SET threads = {o.Threads}";
                setup.ExecuteNonQuery();
            }

            using var command = connection.CreateCommand();
            command.CommandText = o.Synthea
                ? HighUtilizerSql.BuildSynthea(o.DataDirectory!, o.AsOf, ExclusionPrograms(o.AsOf))
                : HighUtilizerSql.Build(o.DataDirectory!, o.AsOf, ExclusionPrograms(o.AsOf));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                members.Add(reader.GetString(0));
            }
        }

        clock.Stop();
        return Report(o, new PhaseResult("DuckDB", clock.Elapsed.TotalSeconds, PeakMemory.Bytes(), members.Count,
            WriteMembers(o, "duckdb", members), 0, members.Count));
    }

    private static string WriteMembers(BenchOptions o, string engine, List<string> members)
    {
        members.Sort(StringComparer.Ordinal);
        var path = Path.Combine(o.DataDirectory!, $"{engine}-high-utilizers.txt");
        File.WriteAllLines(path, members);
        return path;
    }

    private static int Report(BenchOptions o, PhaseResult result)
    {
        File.WriteAllText(o.ResultFile!, JsonSerializer.Serialize(result, _json));
        return 0;
    }

    public static async Task<int> OrchestrateAsync(BenchOptions o)
    {
        var tmp = Path.Combine(o.ResultsDirectory, "tmp");
        var data = o.DataDirectory ?? Path.Combine(tmp, o.Synthea
            ? string.Create(CultureInfo.InvariantCulture, $"synthea-{o.Members}-{o.Seed}")
            : string.Create(CultureInfo.InvariantCulture, $"plan-data-{o.Members}-{o.LinesPerMember}-{o.Seed}"));
        Directory.CreateDirectory(o.ResultsDirectory);
        Directory.CreateDirectory(tmp);
        var bigFile = o.Synthea ? "encounters.csv" : "claims.csv";
        var generated = !File.Exists(Path.Combine(data, bigFile));
        double generateSeconds = 0;
        if (generated && o.Synthea)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generating a Synthea export of {o.Members:N0} patients into {data} ..."));
            var result = await SyntheticDataGenerator.GenerateAsync(new SyntheticDataOptions(o.Members, o.Seed, SyntheticFormat.Synthea, data)
            {
                AsOf = o.AsOf,
                Hmis = false,
                MaxDegreeOfParallelism = o.Threads,
            });
            generateSeconds = result.Elapsed.TotalSeconds;
        }
        else if (generated)
        {
            // The generator's lines per member vary with age and utilization; calibrate on a small sample so the
            // full set has about the requested average.
            var sample = Path.Combine(tmp, "calibration");
            var sampleResult = await SyntheticDataGenerator.GenerateAsync(new SyntheticDataOptions(5000, o.Seed, SyntheticFormat.PlanData, sample)
            {
                AsOf = o.AsOf,
                LinesPerMember = o.LinesPerMember,
                Hmis = false,
            });
            var perMember = sampleResult.Files.Single(f => Path.GetFileName(f.Path) == "claims.csv").Rows / 5000.0;
            Directory.Delete(sample, recursive: true);
            var setting = o.LinesPerMember * o.LinesPerMember / perMember;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generating {o.Members:N0} members (about {o.LinesPerMember:0.#} claim lines each) into {data} ..."));
            var result = await SyntheticDataGenerator.GenerateAsync(new SyntheticDataOptions(o.Members, o.Seed, SyntheticFormat.PlanData, data)
            {
                AsOf = o.AsOf,
                LinesPerMember = setting,
                Hmis = false,
                MaxDegreeOfParallelism = o.Threads,
            });
            generateSeconds = result.Elapsed.TotalSeconds;
        }

        var files = Directory.GetFiles(data, "*.csv").Where(f => !Path.GetFileName(f).StartsWith("carehub-", StringComparison.Ordinal)).ToList();
        var claimLines = File.ReadLines(Path.Combine(data, bigFile)).LongCount() - 1;
        var inputRows = files.Sum(f => File.ReadLines(f).LongCount() - 1);
        var inputBytes = files.Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Input: {claimLines:N0} {(o.Synthea ? "encounters" : "claim lines")}, {inputRows:N0} rows in all, {inputBytes / 1048576.0:N0} MB."));

        // Alternate the engines (DuckDB first) so both see the same warm file cache and, on a shared machine, the same
        // mix of other load; report the median run of each.
        var duckRuns = new List<PhaseResult>();
        var careRuns = new List<PhaseResult>();
        for (var i = 0; i < o.Repeat; i++)
        {
            var d = await RunChildAsync(o, data, "duckdb");
            var c = await RunChildAsync(o, data, "carehub");
            if (d is null || c is null)
            {
                return 1;
            }

            duckRuns.Add(d);
            careRuns.Add(c);
        }

        var duck = Median(duckRuns);
        var care = Median(careRuns);

        var a = File.ReadAllLines(care.MembersFile).ToHashSet(StringComparer.Ordinal);
        var b = File.ReadAllLines(duck.MembersFile).ToHashSet(StringComparer.Ordinal);
        var onlyCareHub = a.Except(b).Order(StringComparer.Ordinal).ToList();
        var onlyDuck = b.Except(a).Order(StringComparer.Ordinal).ToList();
        var agree = onlyCareHub.Count == 0 && onlyDuck.Count == 0;
        WriteResults(o, data, generated, generateSeconds, claimLines, inputRows, inputBytes, care, duck, careRuns, duckRuns, agree, onlyCareHub, onlyDuck);
        if (!o.Keep && o.DataDirectory is null)
        {
            Directory.Delete(data, recursive: true);
        }

        Console.WriteLine(agree ? "CareHub and DuckDB agree on the high utilizers." : $"DISAGREEMENT: {onlyCareHub.Count} only in CareHub, {onlyDuck.Count} only in DuckDB.");
        return agree ? 0 : 3;
    }

    private static PhaseResult Median(List<PhaseResult> runs) => runs.OrderBy(r => r.Seconds).ElementAt(runs.Count / 2);

    private static async Task<PhaseResult?> RunChildAsync(BenchOptions o, string data, string phase)
    {
        var resultFile = Path.Combine(data, $"{phase}-result.json");
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Phases).Assembly.Location);
        }

        if (o.Synthea)
        {
            start.ArgumentList.Add("--synthea");
        }

        foreach (var arg in new[] { "--phase", phase, "--data", data, "--result-file", resultFile, "--as-of", o.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--threads", o.Threads.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        Console.WriteLine($"Running {phase} ...");
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(resultFile))
        {
            await Console.Error.WriteLineAsync($"The {phase} phase failed (exit code {process.ExitCode}).");
            return null;
        }

        var result = JsonSerializer.Deserialize<PhaseResult>(File.ReadAllText(resultFile), _json)!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {result.Engine}: {result.Seconds:0.0} s, peak {result.PeakBytes / 1048576.0:N0} MB, {result.HighUtilizers:N0} high utilizers"));
        return result;
    }

    private static void WriteResults(BenchOptions o, string data, bool generated, double generateSeconds, long claimLines, long inputRows, long inputBytes,
        PhaseResult care, PhaseResult duck, List<PhaseResult> careRuns, List<PhaseResult> duckRuns, bool agree, List<string> onlyCareHub, List<string> onlyDuck)
    {
        var ratio = duck.Seconds / care.Seconds;
        var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:0} GB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        var json = new
        {
            date = DateTimeOffset.UtcNow,
            machine,
            members = o.Members,
            claimLines,
            inputRows,
            inputBytes,
            asOf = o.AsOf,
            seed = o.Seed,
            threads = o.Threads,
            generateSeconds = generated ? generateSeconds : (double?)null,
            repeat = o.Repeat,
            carehub = new { seconds = care.Seconds, runs = careRuns.Select(r => r.Seconds), peakBytesOfRuns = careRuns.Select(r => r.PeakBytes), rowsPerSecond = inputRows / care.Seconds, peakBytes = care.PeakBytes, highUtilizers = care.HighUtilizers, eligibleRowsWithEvidence = care.OutputRows },
            duckdb = new { seconds = duck.Seconds, runs = duckRuns.Select(r => r.Seconds), peakBytesOfRuns = duckRuns.Select(r => r.PeakBytes), rowsPerSecond = inputRows / duck.Seconds, peakBytes = duck.PeakBytes, highUtilizers = duck.HighUtilizers },
            ratio,
            agree,
            note = o.Note,
            onlyInCareHub = onlyCareHub.Take(20),
            onlyInDuckDb = onlyDuck.Take(20),
        };
        File.WriteAllText(Path.Combine(o.ResultsDirectory, $"identification-{o.InputName}.json"), JsonSerializer.Serialize(json, _json));

        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine(o.Synthea ? "# Identification benchmark: Synthea export" : "# Identification benchmark: plan data").AppendLine();
        md.AppendLine(inv, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}.").AppendLine();
        if (o.Note is { Length: > 0 } note)
        {
            md.AppendLine(note).AppendLine();
        }

        md.AppendLine(o.Synthea
            ? string.Create(inv, $"Input: a Synthea export of {o.Members:N0} patients, {claimLines:N0} encounters ({inputRows:N0} rows in all its files, {inputBytes / 1048576.0:N0} MB of CSV; DuckDB reads patients.csv and encounters.csv, CareHub every file), generated with seed {o.Seed}{(generated ? $" in {generateSeconds:0.0} s" : "")}; as of {o.AsOf:yyyy-MM-dd}; {o.Threads} threads each.")
            : string.Create(inv, $"Input: {o.Members:N0} members, {claimLines:N0} claim lines ({inputRows:N0} rows in all plan-data files, {inputBytes / 1048576.0:N0} MB of CSV), generated with seed {o.Seed}{(generated ? $" in {generateSeconds:0.0} s" : "")}; as of {o.AsOf:yyyy-MM-dd}; {o.Threads} threads each.")).AppendLine();
        md.AppendLine("| | time | rows per second | peak memory | high utilizers |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        md.AppendLine(inv, $"| CareHub (all {CountRules(o.AsOf)} Population of Focus rules, evidence for every identified member: eligible or to confirm) | {care.Seconds:0.0} s | {inputRows / care.Seconds:N0} | {care.PeakBytes / 1048576.0:N0} MB | {care.HighUtilizers:N0} |");
        md.AppendLine(inv, $"| DuckDB (adult high-utilizer rule as SQL) | {duck.Seconds:0.0} s | {inputRows / duck.Seconds:N0} | {duck.PeakBytes / 1048576.0:N0} MB | {duck.HighUtilizers:N0} |");
        md.AppendLine();
        string Runs(List<PhaseResult> runs) => string.Join(", ", runs.Select(r => r.Seconds.ToString("0.0", inv) + " s"));
        md.AppendLine(inv, $"Each engine ran {o.Repeat} time(s), alternating; the table shows the median run. All runs: CareHub {Runs(careRuns)}; DuckDB {Runs(duckRuns)}.").AppendLine();
        md.AppendLine(inv, $"Ratio (DuckDB time / CareHub time): **{ratio:0.00}** ({(ratio >= 1 ? "CareHub is faster" : "DuckDB is faster")}). CareHub wrote {care.OutputRows:N0} rows with evidence (members eligible and members to confirm).").AppendLine();
        md.AppendLine(agree
            ? "Both found exactly the same set of adult high utilizers."
            : $"**The sets differ**: {onlyCareHub.Count} only in CareHub (e.g. {string.Join(", ", onlyCareHub.Take(5))}), {onlyDuck.Count} only in DuckDB (e.g. {string.Join(", ", onlyDuck.Take(5))}).").AppendLine();
        md.AppendLine("Each engine ran in its own child process, reading the same CSV files from a warm file cache; time is from start to result "
            + $"(CareHub: reading every {(o.Synthea ? "file of the export" : "plan-data file")}, evaluating every rule and writing the eligibility CSV with evidence; DuckDB: the query "
            + "over the same files). Peak memory is the child process's peak resident set (VmHWM).").AppendLine();
        var arguments = string.Join(" ", new[] { o.Synthea ? "--synthea" : null, o.Members != 1_000_000 ? $"--members {o.Members}" : null }.OfType<string>());
        md.AppendLine("Command: `dotnet run -c Release --project bench/CareHub.Bench.Identification" + (arguments.Length > 0 ? " -- " + arguments : "") + "`.");
        var file = Path.Combine(o.ResultsDirectory, $"identification-{o.InputName}.md");
        File.WriteAllText(file, md.ToString());
        Console.WriteLine($"Results written to {file} (data: {data}).");
    }

    private static int CountRules(DateOnly asOf) =>
        new CatalogPopulationRuleSource(CatalogLoader.LoadEmbedded().Catalog!).GetRules(PopulationRuleSelection.Current, asOf, backTest: false).Count;

    private sealed class CollectingSink(List<string> members) : IDeterminationSink
    {
        public void Add(Determination determination)
        {
            if (determination.Eligible && determination.Population == "adult-high-utilizer")
            {
                members.Add(determination.MemberId);
            }
        }
    }
}

/// <summary>The process's peak resident set size: VmHWM from /proc/self/status on Linux, else the peak working set.</summary>
/// <summary>Prints each stage and file of a CareHub run as it starts: elapsed and CPU time, resident memory and
/// its peak, garbage collections so far.</summary>
internal sealed class StageLog : IDisposable
{
    private readonly IdentificationProgress _progress;
    private readonly Stopwatch _clock;
    private readonly Timer _timer;
    private string _last = "";

    public StageLog(IdentificationProgress progress, Stopwatch clock)
    {
        _progress = progress;
        _clock = clock;
        _timer = new Timer(_ => Poll(), null, 0, 10);
    }

    private void Poll()
    {
        var what = _progress.CurrentFile ?? _progress.Stage;
        if (what != _last)
        {
            _last = what;
            Print(what);
        }
    }

    private void Print(string what)
    {
        using var self = Process.GetCurrentProcess();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{_clock.Elapsed.TotalSeconds,6:0.00} s] cpu {self.TotalProcessorTime.TotalSeconds,6:0.00} s, rss {self.WorkingSet64 / 1048576,5} MB, peak {PeakMemory.Bytes() / 1048576,5} MB, heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576,5} MB, allocated {GC.GetTotalAllocatedBytes() / 1048576,5} MB, gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}: {what}"));
    }

    public void Dispose()
    {
        _timer.Dispose();
        Print("end");
    }
}

internal static class PeakMemory
{
    public static long Bytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
