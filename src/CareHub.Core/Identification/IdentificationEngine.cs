using System.Security.Cryptography;
using CareHub.Identification.Engine;
using CareHub.Identification.Input;
using CareHub.Identification.Input.Hmis;
using CareHub.Identification.Input.PlanData;
using CareHub.Identification.Input.Synthea;

namespace CareHub.Identification;

/// <summary>
/// Runs identification from files: reads the input directory (streaming, both cores), evaluates the population
/// rules for every member and sends determinations with evidence to a sink. Nothing is sent unless every file was
/// read without a fatal problem; a failed run returns the problems instead of a run record.
/// </summary>
public sealed class IdentificationEngine(IPopulationRuleSource rules, TimeProvider clock)
{
    public async Task<IdentificationOutcome> RunAsync(IdentificationRequest request, IDeterminationSink sink,
        IdentificationProgress? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        var started = clock.GetUtcNow();
        progress ??= new IdentificationProgress();
        var parallelism = Math.Max(1, request.MaxDegreeOfParallelism ?? Environment.ProcessorCount);

        if (!Directory.Exists(request.InputDirectory))
        {
            return Failed(new InputProblem(null, $"Input directory {request.InputDirectory} not found."));
        }

        var selected = rules.GetRules(request.RuleVersion, request.AsOf, request.BackTest);
        if (selected.Count == 0)
        {
            return Failed(new InputProblem(null, !request.BackTest && string.Equals(request.RuleVersion, PopulationRuleSelection.Current, StringComparison.OrdinalIgnoreCase)
                ? $"No population rule is in effect on {request.AsOf:yyyy-MM-dd}."
                : $"No population rule has the version '{request.RuleVersion}'."));
        }

        // A back-test before the rules began applies the exclusions in effect when they began.
        var exclusionsOn = request.BackTest ? Max(request.AsOf, selected.Min(r => r.EffectiveFrom)) : request.AsOf;
        var (compiled, ruleErrors) = CompiledRules.Compile(selected, request.AsOf, rules.GetExclusions(exclusionsOn));
        if (compiled is null)
        {
            return new IdentificationOutcome(null, [.. ruleErrors.Select(e => new InputProblem(null, e))], [], 0, []);
        }

        var context = new ReadContext(new RowErrorLog(request.SkipBadRows), parallelism, progress, cancellation);
        var collector = new FactCollector(compiled);
        var files = new List<InputFileRef>();
        var warnings = new List<string>();
        var keepIdentity = request.HmisDirectory is not null;
        var members = request.Kind == InputKind.Synthea
            ? await SyntheaSource.ReadAsync(request.InputDirectory, context, collector, keepIdentity, files, warnings)
            : await PlanDataSource.ReadAsync(request.InputDirectory, context, collector, keepIdentity, files, warnings);

        IReadOnlyList<HmisMatch> matches = [];
        if (members is not null && !context.ShouldStop && request.HmisDirectory is { } hmis)
        {
            matches = await HmisSource.ReadAsync(hmis, context, collector, members, files) ?? [];
        }

        cancellation.ThrowIfCancellationRequested();
        if (members is null || context.Problems.Count > 0 || (!request.SkipBadRows && context.Errors.Count > 0))
        {
            return new IdentificationOutcome(null, context.Problems, context.Errors.Sorted(), context.Errors.Count, matches);
        }

        progress.SetStage("grouping facts");
        var store = collector.Build(members, parallelism);
        var checksums = request.ComputeChecksums
            ? Task.Run(() => Checksums(files, cancellation), cancellation)
            : Task.FromResult(new Dictionary<string, string>());

        progress.SetStage("evaluating");
        var counts = new Evaluator(store, compiled, request.Scope, applyGoLive: !request.BackTest).Run(sink, parallelism, cancellation);
        var sums = await checksums;
        var finished = clock.GetUtcNow();
        progress.SetStage("done");

        var populations = compiled.Rules.Select((r, i) => Count(r, i, counts)).ToList();
        var breakdown = counts.Breakdown
            .GroupBy(p => p.Key & ~Evaluator.ToConfirmBit)
            .Select(g => new BreakdownCount(
                compiled.Rules[(int)((g.Key >> 40) & 0xFFFF)].Rule.Code,
                members.Values[(ushort)((g.Key >> 24) & 0xFFFF)],
                members.Values[(ushort)((g.Key >> 8) & 0xFFFF)],
                (g.Key & 0xFF) switch { 1 => "dual", 0 => "medi-cal-only", _ => "unknown" },
                g.Where(p => (p.Key & Evaluator.ToConfirmBit) == 0).Sum(p => p.Value))
            {
                ToConfirm = g.Where(p => (p.Key & Evaluator.ToConfirmBit) != 0).Sum(p => p.Value),
            })
            .OrderBy(b => compiled.Rules.ToList().FindIndex(r => r.Rule.Code == b.Population))
            .ThenBy(b => b.County, StringComparer.Ordinal).ThenBy(b => b.HealthNetwork, StringComparer.Ordinal)
            .ThenBy(b => b.DualStatus, StringComparer.Ordinal)
            .ToList();
        var fileInfos = files.Select(f => new InputFileInfo(f.DisplayName, Path.GetFullPath(f.Path), new FileInfo(f.Path).Length,
            context.RowsPerFile.GetValueOrDefault(f.DisplayName), sums.GetValueOrDefault(f.Path))).ToList();
        HmisMatchSummary? hmisSummary = request.HmisDirectory is null ? null : new HmisMatchSummary(matches.Count,
            matches.Count(m => m.Status == HmisMatchStatus.Matched),
            matches.Count(m => m.Status == HmisMatchStatus.NeedsReview),
            matches.Count(m => m.Status == HmisMatchStatus.Unmatched));

        var run = new IdentificationRun(request.Kind, Path.GetFullPath(request.InputDirectory),
            request.HmisDirectory is null ? null : Path.GetFullPath(request.HmisDirectory), request.AsOf, request.RuleVersion,
            [.. compiled.Rules.Select(r => $"{r.Rule.Code}@{r.Rule.RuleVersion}")], fileInfos, started, finished, members.Count,
            progress.RowsRead, context.Errors.Count, populations, breakdown, hmisSummary, warnings);
        return new IdentificationOutcome(run, [], context.Errors.Sorted(), context.Errors.Count, matches);
    }

    private static PopulationCount Count(CompiledRule rule, int i, Evaluator.Counts counts) =>
        new(rule.Rule.Code, rule.Rule.RuleVersion, rule.Rule.Name, counts.Eligible[i], counts.CriteriaMet[i], counts.Excluded[i])
        {
            ToConfirm = counts.ToConfirm[i],
        };

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static IdentificationOutcome Failed(InputProblem problem) => new(null, [problem], [], 0, []);

    private static Dictionary<string, string> Checksums(IReadOnlyList<InputFileRef> files, CancellationToken cancellation)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            result[file.Path] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        return result;
    }
}
