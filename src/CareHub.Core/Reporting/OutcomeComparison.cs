using CareHub.Identification;
using CareHub.Reporting.Input;

namespace CareHub.Reporting;

/// <summary>The outcome comparison on files: a starts file and a Synthea or plan-data directory, one summary per group.</summary>
public static class OutcomeComparison
{
    public sealed record Result(IReadOnlyList<OutcomeSummary> Groups, string? Error)
    {
        public bool Succeeded => Error is null;
    }

    public static async Task<Result> RunAsync(InputKind kind, string directory, string startsPath, DateOnly asOf, CancellationToken ct = default)
    {
        var starts = StartsFile.Read(startsPath, asOf);
        if (!starts.Succeeded)
        {
            return new Result([], starts.Error);
        }

        var ids = starts.Rows.Select(r => r.MemberId).Distinct(StringComparer.Ordinal).ToList();
        var read = await OutcomeFileSource.ReadAsync(kind, directory, ids, ct);
        if (!read.Succeeded)
        {
            return new Result([], read.Error);
        }

        return Summarize(starts.Rows, read.Members, asOf, Path.GetFileName(startsPath), kind == InputKind.Synthea ? "patients.csv" : "members.csv");
    }

    /// <summary>Joins the starts rows to the members' records; a row naming a member not in the files is an error with its line.</summary>
    public static Result Summarize(IReadOnlyList<StartRow> rows, IReadOnlyDictionary<string, OutcomeRecords> members, DateOnly asOf, string startsName, string membersName)
    {
        var subjects = new List<OutcomeSubject>(rows.Count);
        foreach (var row in rows)
        {
            if (!members.TryGetValue(row.MemberId, out var records))
            {
                return new Result([], $"{startsName} line {row.Line}, column member_id: member '{row.MemberId}' is not in {membersName}.");
            }

            subjects.Add(new OutcomeSubject(row.Group, row.Start, records.Death, records.Enrolled, records.EdDates, records.AdmissionDates));
        }

        return new Result(OutcomeCalculator.Summarize(subjects, asOf), null);
    }
}
