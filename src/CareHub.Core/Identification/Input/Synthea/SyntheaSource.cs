using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.Synthea;

/// <summary>Reads a Synthea CSV export directory: patients.csv and encounters.csv, and when present
/// conditions.csv, payers.csv and payer_transitions.csv.</summary>
internal static class SyntheaSource
{
    public static async Task<MemberTable?> ReadAsync(string directory, ReadContext context, FactCollector collector, bool keepIdentity, List<InputFileRef> files, List<string> warnings)
    {
        var patients = TableFiles.Find(directory, "patients", context);
        var encounters = TableFiles.Find(directory, "encounters", context);
        if (patients is null || encounters is null)
        {
            var missing = string.Join(" and ", new[] { (patients, "patients.csv"), (encounters, "encounters.csv") }.Where(f => f.Item1 is null).Select(f => f.Item2));
            var hint = File.Exists(Path.Combine(directory, "members.csv")) || File.Exists(Path.Combine(directory, "members.parquet"))
                ? " This looks like plan data (members, enrollment, claims): read it with --plan-data."
                : !Directory.EnumerateFileSystemEntries(directory).Any()
                    ? " The directory is empty; `carehub generate --format synthea` writes a sample."
                    : "";
            context.Problems.Add(new InputProblem(null, $"{missing} not found in {directory}; a Synthea CSV export needs patients.csv and encounters.csv.{hint}"));
            return null;
        }

        var conditions = TableFiles.Find(directory, "conditions", context);
        var payers = TableFiles.Find(directory, "payers", context);
        var transitions = TableFiles.Find(directory, "payer_transitions", context);
        files.AddRange(new[] { patients, encounters, conditions, payers, transitions }.OfType<InputFileRef>());
        if (conditions is null)
        {
            warnings.Add("conditions.csv not provided: diagnoses come only from encounter REASONCODEs.");
        }

        warnings.Add("Synthea exports have no releases, program enrollments (other than hospice encounters) or nursing facility stays: rules needing them find nothing.");

        var estimate = TableFiles.EstimateRows(patients, 200);
        // Synthea ids are UUIDs: 36 bytes each.
        var members = new MemberTable(estimate, keepIdentity, requireEnrollment: false, idBytes: 36);
        // Read in parts on every core: the first part's worker adds patients as it reads, the others once it is done.
        var patientParts = 0;
        if (await TableFiles.ReadAsync(patients, SyntheaSchemas.Patients, context, m => new SyntheaPatientWorker(m, members, staged: patientParts++ > 0)) is null)
        {
            return null;
        }

        members.TrimExcess();

        if (members.Count == 0 && !context.ShouldStop && context.Errors.Count == 0)
        {
            context.Problems.Add(new InputProblem(patients.DisplayName, "the file has a header but no patients."));
            return null;
        }

        // Payer transitions (one thread: they fill the member table's network and dual columns) are read while the
        // encounters and conditions are read on every core: those only look members up.
        var coverage = transitions is null
            ? Task.FromResult(true)
            : Task.Run(() => ReadCoverageAsync(payers, transitions, context, members, collector.Rules.AsOfDay), context.Cancellation);
        var encounterDiagnoses = new EncounterDiagnoses(collector.Text, members.Count);
        var encounterWorkers = await TableFiles.ReadAsync(encounters, SyntheaSchemas.Encounters, context, m => new SyntheaEncounterWorker(m, members, collector, encounterDiagnoses, encounters.DisplayName));
        var conditionsRead = encounterWorkers is not null && (conditions is null
            || await TableFiles.ReadAsync(conditions, SyntheaSchemas.Conditions, context, m => new SyntheaConditionWorker(m, members, collector, encounterDiagnoses)) is not null);
        if (!await coverage || encounterWorkers is null || !conditionsRead)
        {
            return null;
        }

        PlanData.PlanDataSource.StaleDataWarning(encounters.DisplayName, encounterWorkers, collector.Rules, warnings);
        return members;
    }

    /// <summary>payers.csv (when present) and payer_transitions.csv: the payer covering the as-of date.</summary>
    private static async Task<bool> ReadCoverageAsync(InputFileRef? payers, InputFileRef transitions, ReadContext context, MemberTable members, int asOfDay)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (payers is not null
            && await TableFiles.ReadAsync(payers, SyntheaSchemas.Payers, context, m => new SyntheaPayerWorker(m, names), parallel: false) is null)
        {
            return false;
        }

        var best = new int[members.Count];
        Array.Fill(best, int.MinValue);
        return await TableFiles.ReadAsync(transitions, SyntheaSchemas.PayerTransitions, context,
            m => new SyntheaPayerTransitionWorker(m, members, names, asOfDay, best), parallel: false) is not null;
    }
}
