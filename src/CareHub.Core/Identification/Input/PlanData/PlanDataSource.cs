using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.PlanData;

/// <summary>Reads a plan-data directory (CSV or Parquet files, docs/plan-data-format.md).</summary>
internal static class PlanDataSource
{
    public static async Task<MemberTable?> ReadAsync(string directory, ReadContext context, FactCollector collector, bool keepIdentity, List<InputFileRef> files, List<string> warnings)
    {
        var found = new Dictionary<string, InputFileRef>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (name, _, required) in PlanDataSchemas.Files)
        {
            var file = TableFiles.Find(directory, name, context);
            if (file is not null)
            {
                found[name] = file;
                files.Add(file);
            }
            else if (required)
            {
                missing.Add(name);
            }
            else
            {
                warnings.Add($"{name}.csv not provided: rules and exclusions that need it find nothing.");
            }
        }

        if (missing.Count > 0)
        {
            var which = missing.Count == 1 ? $"{missing[0]}.csv (or {missing[0]}.parquet)" : string.Join(", ", missing.Select(m => m + ".csv")) + " (or .parquet)";
            var hint = File.Exists(Path.Combine(directory, "patients.csv")) && File.Exists(Path.Combine(directory, "encounters.csv"))
                ? " This looks like a Synthea export (patients.csv, encounters.csv): read it with --synthea."
                : !Directory.EnumerateFileSystemEntries(directory).Any()
                    ? " The directory is empty; `carehub generate --format plan-data` writes a sample."
                    : "";
            context.Problems.Add(new InputProblem(null,
                $"{which} not found in {directory}; the plan-data format needs members, enrollment and claims (docs/plan-data-format.md).{hint}"));
        }

        if (context.Problems.Count > 0)
        {
            return null;
        }

        var estimate = TableFiles.EstimateRows(found["members"], 60);
        var members = new MemberTable(estimate, keepIdentity, requireEnrollment: true);
        // A CSV members file is read in parts on every core, the first part's worker adding members as it reads and the
        // others once it is done (a Parquet file's row groups are dealt out to the threads in turn, so one thread).
        var memberParts = 0;
        var membersCsv = !found["members"].Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        if (await TableFiles.ReadAsync(found["members"], PlanDataSchemas.Members, context, m => new PlanMemberWorker(m, members, staged: memberParts++ > 0),
            parallel: membersCsv) is null)
        {
            return null;
        }

        members.TrimExcess();

        if (members.Count == 0 && !context.ShouldStop && context.Errors.Count == 0)
        {
            context.Problems.Add(new InputProblem(found["members"].DisplayName, "the file has a header but no members."));
            return null;
        }

        // Enrollment (one thread: it fills the member table's enrollment columns) and then the small files are read
        // while the claims are read on every core: claim lines only look members up and add events and diagnoses,
        // enrollment adds no facts, and the small files add only program spans and releases, read in the same order as
        // before.
        var asOf = collector.Rules.AsOfDay;
        var others = Task.Run(() => ReadEnrollmentAndSmallFilesAsync(found, context, collector, members, asOf), context.Cancellation);
        var claimWorkers = await TableFiles.ReadAsync(found["claims"], PlanDataSchemas.Claims, context, m => new ClaimLineWorker(m, members, collector));
        if (!await others || claimWorkers is null)
        {
            return null;
        }

        StaleDataWarning(found["claims"].DisplayName, claimWorkers, collector.Rules, warnings);
        return members;
    }

    /// <summary>Reads enrollment.csv, then programs, prior enrollment, releases and nursing facility stays (those
    /// provided); false when a file could not be read at all.</summary>
    private static async Task<bool> ReadEnrollmentAndSmallFilesAsync(Dictionary<string, InputFileRef> found, ReadContext context,
        FactCollector collector, MemberTable members, int asOf)
    {
        if (await TableFiles.ReadAsync(found["enrollment"], PlanDataSchemas.Enrollment, context,
            m => new PlanEnrollmentWorker(m, members, asOf), parallel: false) is null)
        {
            return false;
        }

        if (found.TryGetValue("programs", out var programs)
            && await TableFiles.ReadAsync(programs, PlanDataSchemas.Programs, context,
                m => new ProgramWorker(m, members, collector, programs.DisplayName, ProgramCodes.All)) is null)
        {
            return false;
        }

        if (found.TryGetValue("prior_enrollment", out var prior)
            && await TableFiles.ReadAsync(prior, PlanDataSchemas.PriorEnrollment, context,
                m => new ProgramWorker(m, members, collector, prior.DisplayName, [ProgramCodes.WholePersonCare, ProgramCodes.HealthHomes])) is null)
        {
            return false;
        }

        if (found.TryGetValue("releases", out var releases)
            && await TableFiles.ReadAsync(releases, PlanDataSchemas.Releases, context,
                m => new ReleaseWorker(m, members, collector, releases.DisplayName)) is null)
        {
            return false;
        }

        return !found.TryGetValue("nursing_facility_stays", out var stays)
            || await TableFiles.ReadAsync(stays, PlanDataSchemas.NursingFacilityStays, context,
                m => new NursingFacilityWorker(m, members, collector, stays.DisplayName)) is not null;
    }

    /// <summary>Warns when the latest service date is more than three months before the as-of date (more than a usual
    /// claims run-out): recent events are missing, so counts are too low, which usually means the as-of date does not
    /// fit the data.</summary>
    internal static void StaleDataWarning(string file, IEnumerable<RowWorker> workers, CompiledRules rules, List<string> warnings)
    {
        var latest = workers.Select(w => w.LatestDay).DefaultIfEmpty(int.MinValue).Max();
        var asOf = DateOnly.FromDayNumber(rules.AsOfDay);
        if (latest != int.MinValue && rules.EventWindowStartExclusive != int.MaxValue && latest < asOf.AddMonths(-3).DayNumber)
        {
            warnings.Add($"the latest service date in {file} is {DateOnly.FromDayNumber(latest):yyyy-MM-dd}, more than 3 months before the "
                + $"as-of date {asOf:yyyy-MM-dd}: recent visits are missing, so event counts are low. Is the as-of date right for this data?");
        }
    }
}
