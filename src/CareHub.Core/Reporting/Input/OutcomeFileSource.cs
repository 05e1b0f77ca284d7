using CareHub.Identification;
using CareHub.Identification.Input;
using CareHub.Identification.Input.PlanData;
using CareHub.Identification.Input.Synthea;

namespace CareHub.Reporting.Input;

/// <summary>
/// Reads what an outcome comparison needs from the same files identification reads (Synthea CSV exports or plan data,
/// CSV or Parquet), with the same table readers and claim classification, keeping only the members asked about.
/// </summary>
public static class OutcomeFileSource
{
    public sealed record Result(IReadOnlyDictionary<string, OutcomeRecords> Members, string? Error)
    {
        public bool Succeeded => Error is null;
    }

    public static async Task<Result> ReadAsync(InputKind kind, string directory, IReadOnlyCollection<string> memberIds, CancellationToken ct = default)
    {
        if (!Directory.Exists(directory))
        {
            return new Result(new Dictionary<string, OutcomeRecords>(), $"{directory}: directory not found.");
        }

        var wanted = new HashSet<string>(memberIds, StringComparer.Ordinal);
        var context = new ReadContext(new RowErrorLog(skipBadRows: false), Math.Max(1, Environment.ProcessorCount), new IdentificationProgress(), ct);
        var all = new Dictionary<string, OutcomeRecords>(StringComparer.Ordinal);
        var synthea = kind == InputKind.Synthea;

        var membersFile = TableFiles.Find(directory, synthea ? "patients" : "members", context);
        var eventsFile = TableFiles.Find(directory, synthea ? "encounters" : "claims", context);
        var enrollmentFile = synthea ? null : TableFiles.Find(directory, "enrollment", context);
        if (context.Problems.Count > 0)
        {
            return Fail(context);
        }

        var needed = synthea ? new[] { (membersFile, "patients.csv"), (eventsFile, "encounters.csv") }
            : [(membersFile, "members.csv"), (enrollmentFile, "enrollment.csv"), (eventsFile, "claims.csv")];
        var missing = needed.Where(n => n.Item1 is null).Select(n => n.Item2).ToList();
        if (missing.Count > 0)
        {
            return new Result(all, $"{string.Join(" and ", missing)} not found in {directory} (CSV or Parquet).");
        }

        var memberWorkers = await TableFiles.ReadAsync(membersFile!, synthea ? SyntheaSchemas.Patients : PlanDataSchemas.Members, context,
            m => new OutcomeMemberWorker(m, wanted, synthea ? "Id" : "member_id", synthea ? "DEATHDATE" : "death_date", dateTime: synthea));
        if (!Collect(memberWorkers, all, context, create: true))
        {
            return Fail(context);
        }

        if (enrollmentFile is not null)
        {
            var enrollmentWorkers = await TableFiles.ReadAsync(enrollmentFile, PlanDataSchemas.Enrollment, context, m => new OutcomeEnrollmentWorker(m, wanted));
            if (!Collect(enrollmentWorkers, all, context))
            {
                return Fail(context);
            }

            foreach (var records in all.Values)
            {
                records.Enrolled ??= [];
            }
        }

        IReadOnlyList<OutcomeWorker>? eventWorkers = synthea
            ? await TableFiles.ReadAsync(eventsFile!, SyntheaSchemas.Encounters, context, m => new OutcomeEncounterWorker(m, wanted))
            : await TableFiles.ReadAsync(eventsFile!, PlanDataSchemas.Claims, context, m => new OutcomeClaimWorker(m, wanted));
        return Collect(eventWorkers, all, context) ? new Result(all, null) : Fail(context);
    }

    /// <summary>Merges what each worker read; the member file creates the records, later files add to them.</summary>
    private static bool Collect<T>(IReadOnlyList<T>? workers, Dictionary<string, OutcomeRecords> all, ReadContext context, bool create = false)
        where T : OutcomeWorker
    {
        if (workers is null || context.Errors.Count > 0 || context.Problems.Count > 0)
        {
            return false;
        }

        foreach (var worker in workers)
        {
            foreach (var (id, records) in worker.Records)
            {
                if (all.TryGetValue(id, out var existing))
                {
                    existing.Merge(records);
                }
                else if (create)
                {
                    all.Add(id, records);
                }
            }
        }

        return true;
    }

    private static Result Fail(ReadContext context)
    {
        var lines = context.Problems.Select(p => p.ToString()).Concat(context.Errors.Sorted().Take(20).Select(e => e.ToString())).ToList();
        return new Result(new Dictionary<string, OutcomeRecords>(), lines.Count > 0 ? string.Join(Environment.NewLine, lines) : "reading stopped.");
    }
}
