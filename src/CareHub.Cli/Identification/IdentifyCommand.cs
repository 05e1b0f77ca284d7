using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CareHub.Catalog;
using CareHub.Identification;
using CareHub.Identification.Output;

namespace CareHub.Cli.Identification;

/// <summary><c>carehub identify</c>: find members eligible for each Population of Focus from files, with the program
/// catalog's rules (the same rules the web app evaluates). Exit codes: 0 success, 1 the run failed (nothing
/// written), 2 bad arguments.</summary>
internal static class IdentifyCommand
{
    public static Command Create()
    {
        var command = new Command("identify", "Find members eligible for each Population of Focus from a Synthea export or plan-data files, with evidence and the attestations still to confirm.");
        var synthea = new Option<string?>("--synthea") { Description = "A Synthea CSV export directory (patients.csv, encounters.csv, ...)." };
        var planData = new Option<string?>("--plan-data") { Description = "A plan-data directory (members, enrollment, claims, ... as .csv or .parquet)." };
        var hmis = new Option<string?>("--hmis") { Description = "An HMIS CSV export directory (Client.csv, Enrollment.csv, Exit.csv, Project.csv) to add." };
        var asOf = new Option<string>("--as-of") { Description = "The as-of date, YYYY-MM-DD.", Required = true };
        var rules = new Option<string>("--rules") { Description = "Replay a rule version at the as-of date whatever its dates and the populations' go-live by county (a back-test): current (the current criteria), 2022 (the launch rules) or another version name from the catalog. Without it, each population's rule in effect on the as-of date, where and when the population is live.", DefaultValueFactory = _ => PopulationRuleSelection.Current };
        var catalogDirectory = new Option<string?>("--catalog") { Description = "Directory holding the catalog files (default: the catalog built into carehub)." };
        var output = new Option<string>("--out") { Description = "The result CSV: member_id,population,rule_version,evidence.", Required = true };
        var skip = new Option<bool>("--skip-bad-rows") { Description = "Skip malformed rows (listed in OUT.rejects.csv) instead of failing." };
        var summary = new Option<string?>("--json-summary") { Description = "Write the run's parameters, input files with SHA-256 checksums, times and counts as JSON." };
        var determinations = new Option<string?>("--determinations") { Description = "Also write every member who meets a rule, excluded ones with the reason." };
        var threads = new Option<int?>("--threads") { Description = "Threads to use (default: all cores)." };
        foreach (var o in new Option[] { synthea, planData, hmis, asOf, rules, output, skip, summary, determinations, threads, catalogDirectory })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var error = TextWriter.Synchronized(parse.InvocationConfiguration.Error);
            var syntheaDir = parse.GetValue(synthea);
            var planDir = parse.GetValue(planData);
            if ((syntheaDir is null) == (planDir is null))
            {
                await error.WriteLineAsync("Give exactly one input: --synthea DIR or --plan-data DIR.");
                return 2;
            }

            var inputDir = syntheaDir ?? planDir!;
            if (!Directory.Exists(inputDir))
            {
                await error.WriteLineAsync($"{(syntheaDir is not null ? "--synthea" : "--plan-data")} '{inputDir}': no such directory.");
                return 2;
            }

            if (parse.GetValue(hmis) is { } hmisDir && !Directory.Exists(hmisDir))
            {
                await error.WriteLineAsync($"--hmis '{hmisDir}': no such directory.");
                return 2;
            }

            var asOfText = parse.GetValue(asOf)!;
            if (!DateOnly.TryParseExact(asOfText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOfDate))
            {
                await error.WriteLineAsync($"--as-of '{asOfText}' is not a date in the form YYYY-MM-DD, for example 2025-06-30.");
                return 2;
            }

            var outPath = parse.GetValue(output)!;
            var outDirectory = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            if (!Directory.Exists(outDirectory))
            {
                await error.WriteLineAsync($"--out: the output directory {outDirectory} does not exist.");
                return 2;
            }

            if (Directory.Exists(outPath))
            {
                await error.WriteLineAsync($"--out '{outPath}' is a directory; give a file name such as eligible.csv.");
                return 2;
            }

            var catalogPath = parse.GetValue(catalogDirectory);
            if (catalogPath is not null && !Directory.Exists(catalogPath))
            {
                await error.WriteLineAsync($"--catalog '{catalogPath}' is not a directory.");
                return 2;
            }

            var loaded = catalogPath is null ? CatalogLoader.LoadEmbedded() : CatalogLoader.LoadDirectory(catalogPath);
            if (loaded.Catalog is null)
            {
                foreach (var problem in loaded.Errors)
                {
                    await error.WriteLineAsync(problem.ToString());
                }

                await error.WriteLineAsync($"The catalog is not valid: {loaded.Errors.Count} problem(s).");
                return 2;
            }

            var source = new CatalogPopulationRuleSource(loaded.Catalog);
            var ruleVersion = parse.GetValue(rules)!.Trim();
            var backTest = parse.GetResult(rules) is { Implicit: false };
            if (source.GetRules(ruleVersion, asOfDate, backTest).Count == 0)
            {
                var versions = source.RuleVersions;
                await error.WriteLineAsync(!backTest
                    ? $"No Population of Focus rule is in effect on {asOfDate:yyyy-MM-dd}; the catalog's rules start on {source.EarliestEffectiveFrom:yyyy-MM-dd}. Use --rules current to apply the current criteria on that date."
                    : $"--rules '{ruleVersion}' is not a rule version in the catalog; use current or one of: {string.Join(", ", versions)}.");
                return 2;
            }

            var request = new IdentificationRequest(syntheaDir is not null ? InputKind.Synthea : InputKind.PlanData, inputDir, asOfDate, ruleVersion)
            {
                HmisDirectory = parse.GetValue(hmis),
                SkipBadRows = parse.GetValue(skip),
                ComputeChecksums = parse.GetValue(summary) is not null,
                MaxDegreeOfParallelism = parse.GetValue(threads),
                BackTest = backTest,
            };
            return await RunAsync(request, source, outPath, parse.GetValue(summary), parse.GetValue(determinations),
                parse.InvocationConfiguration.Output, error, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IdentificationRequest request, IPopulationRuleSource rules, string outPath, string? summaryPath,
        string? determinationsPath, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var progress = new IdentificationProgress();
        var clock = Stopwatch.StartNew();
        using var timer = new Timer(_ => Report(progress, clock, error), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        using var eligible = new EligibilityCsvWriter(outPath);
        using var all = determinationsPath is null ? null : new DeterminationsCsvWriter(determinationsPath);
        IDeterminationSink sink = all is null ? eligible : new CompositeDeterminationSink(eligible, all);
        var engine = new IdentificationEngine(rules, TimeProvider.System);
        var outcome = await engine.RunAsync(request, sink, progress, ct);
        await timer.DisposeAsync();
        if (!outcome.Succeeded)
        {
            await error.WriteLineAsync(outcome.Describe());
            var hint = outcome.RowErrorCount > 0 && !request.SkipBadRows
                ? " Fix the rows above, or run again with --skip-bad-rows to leave them out (they are listed in a rejects file)."
                : "";
            await error.WriteLineAsync($"Identification failed; nothing was written.{hint}");
            return 1;
        }

        var run = outcome.Run!;
        eligible.Commit();
        all?.Commit();
        var outputs = new Dictionary<string, string> { ["eligible"] = eligible.Path };
        if (all is not null)
        {
            outputs["determinations"] = all.Path;
        }

        if (request.SkipBadRows)
        {
            var rejects = RunFiles.BesideOutput(outPath, "rejects");
            RunFiles.WriteRejects(rejects, outcome.RowErrors);
            outputs["rejects"] = rejects;
            var note = outcome.RowErrorCount > outcome.RowErrors.Count ? $" (the first {outcome.RowErrors.Count} are listed)" : "";
            await error.WriteLineAsync(outcome.RowErrorCount == 0
                ? "No bad rows were found."
                : $"Skipped {outcome.RowErrorCount:N0} bad rows{note}; see {rejects}.");
        }

        if (request.HmisDirectory is not null)
        {
            var matches = RunFiles.BesideOutput(outPath, "hmis-matches");
            RunFiles.WriteHmisMatches(matches, outcome.HmisMatches);
            outputs["hmisMatches"] = matches;
        }

        if (summaryPath is not null)
        {
            RunFiles.WriteSummary(summaryPath, run, outputs);
        }

        PrintSummary(run, request.BackTest, eligible.Rows, eligible.ToConfirmRows, eligible.Path, clock.Elapsed, output);
        return 0;
    }

    private static void Report(IdentificationProgress progress, Stopwatch clock, TextWriter error)
    {
        var what = progress.Doing;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{clock.Elapsed.TotalSeconds,6:0.0}s] {what}: {progress.RowsRead:N0} rows read"));
    }

    private static void PrintSummary(IdentificationRun run, bool backTest, long rows, long toConfirmRows, string path, TimeSpan elapsed, TextWriter output)
    {
        var seconds = Math.Max(0.001, elapsed.TotalSeconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Identified as of {run.AsOf:yyyy-MM-dd} with rules '{run.RuleVersion}': {run.Members:N0} members, {run.RowsRead:N0} rows in {seconds:0.0} s ({run.RowsRead / seconds:N0} rows/s)."));
        if (backTest)
        {
            output.WriteLine("  Back-test: the named rule version's criteria on that date, whatever the populations' go-live; the evidence says where a population was not yet live.");
        }
        foreach (var p in run.Populations)
        {
            var excluded = p.Excluded.Count == 0 ? "" : " (excluded: " + string.Join(", ", p.Excluded.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value:N0}")) + ")";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.Population,-30} {p.RuleVersion,-8} {p.Eligible,10:N0} eligible, {p.ToConfirm,10:N0} pending confirmation, of {p.CriteriaMet:N0} meeting the criteria{excluded}"));
        }

        if (run.Hmis is { } h)
        {
            output.WriteLine($"  HMIS clients: {h.Clients:N0} ({h.Matched:N0} matched, {h.NeedsReview:N0} need review, {h.Unmatched:N0} unmatched)");
        }

        foreach (var warning in run.Warnings)
        {
            output.WriteLine($"  note: {warning}");
        }

        output.WriteLine($"Wrote {rows:N0} rows to {path} ({rows - toConfirmRows:N0} eligible, {toConfirmRows:N0} pending confirmation of attestations).");
    }
}
