using System.Text.Json.Serialization;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Identification.Runs;
using CareHub.Referrals;
using CareHub.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Reporting;

/// <summary>One group's outcome figures with the outcomes CSV's field names.</summary>
public sealed record OutcomeGroupDto(
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("members")] int Members,
    [property: JsonPropertyName("ed_visits_before")] int EdVisitsBefore,
    [property: JsonPropertyName("ed_visits_after")] int EdVisitsAfter,
    [property: JsonPropertyName("admissions_before")] int AdmissionsBefore,
    [property: JsonPropertyName("admissions_after")] int AdmissionsAfter,
    [property: JsonPropertyName("member_months_before")] double MemberMonthsBefore,
    [property: JsonPropertyName("member_months_after")] double MemberMonthsAfter,
    [property: JsonPropertyName("ed_per_1000_mm_before")] double? EdPer1000MmBefore,
    [property: JsonPropertyName("ed_per_1000_mm_after")] double? EdPer1000MmAfter,
    [property: JsonPropertyName("ed_change_pct")] double? EdChangePct,
    [property: JsonPropertyName("admissions_per_1000_mm_before")] double? AdmissionsPer1000MmBefore,
    [property: JsonPropertyName("admissions_per_1000_mm_after")] double? AdmissionsPer1000MmAfter,
    [property: JsonPropertyName("admissions_change_pct")] double? AdmissionsChangePct)
{
    public static OutcomeGroupDto From(OutcomeSummary s) => new(s.Group, s.Members, s.EdVisitsBefore, s.EdVisitsAfter, s.AdmissionsBefore, s.AdmissionsAfter,
        R(s.MemberMonthsBefore)!.Value, R(s.MemberMonthsAfter)!.Value, R(s.EdPer1000MmBefore), R(s.EdPer1000MmAfter), R(s.EdChangePct),
        R(s.AdmissionsPer1000MmBefore), R(s.AdmissionsPer1000MmAfter), R(s.AdmissionsChangePct));

    private static double? R(double? v) => v is { } x ? Math.Round(x, 2, MidpointRounding.AwayFromZero) : null;
}

/// <summary>The outcomes report: the program group beside the comparison group, with what they are and a plain
/// statement that the comparison is not randomized.</summary>
public sealed record OutcomesResult(
    [property: JsonPropertyName("program")] OutcomeGroupDto Program,
    [property: JsonPropertyName("comparison")] OutcomeGroupDto Comparison,
    [property: JsonPropertyName("asOf")] DateOnly AsOf,
    [property: JsonPropertyName("identificationRunId")] Guid? IdentificationRunId,
    [property: JsonPropertyName("identificationRunDate")] DateOnly? IdentificationRunDate,
    [property: JsonPropertyName("note")] string Note)
{
    [JsonIgnore]
    public IReadOnlyList<OutcomeGroupDto> Groups => [Program, Comparison];
}

/// <summary>Progress of a long computation: a stage and how much of it is done.</summary>
public sealed record ReportProgress(string Stage, int Done, int Total);

/// <summary>
/// ED visits and unplanned admissions per 1,000 member-months in the 12 months before and after the start, for members
/// who started the program (ECM: enrollment date; a Community Support: first service delivered) and for the
/// comparison group (<see cref="ComparisonGroups"/>) from the plan's latest completed identification run on or before
/// the as-of date. ED visits are <c>emergency</c> encounters and admissions <c>inpatient</c> encounters (distinct
/// dates); member-months count days alive and enrolled. Reads across organization scoping, limited to the plan's
/// own cases, referrals and runs; only figures leave.
/// </summary>
public sealed class OutcomesReport(CareHubDbContext db)
{
    public const string ComparisonGroup = "comparison";
    private const int Chunk = 500;

    public sealed record Input(Guid PlanId, string Program, DateOnly AsOf);

    public async Task<OutcomesResult> HandleAsync(Input input, IProgress<ReportProgress>? progress, CancellationToken ct)
    {
        var (plan, program, asOf) = (input.PlanId, input.Program, input.AsOf);
        progress?.Report(new ReportProgress("finding the program's members", 0, 1));
        var starts = await ProgramStartsAsync(plan, program, ct);
        var programMembers = ComparisonGroups.Program(starts, asOf);

        var run = await db.IdentificationRuns.AsNoTracking()
            .Where(r => r.PlanId == plan && r.Status == RunStatus.Completed && r.AsOf <= asOf)
            .OrderByDescending(r => r.AsOf).ThenByDescending(r => r.RequestedAt)
            .Select(r => new { r.Id, r.AsOf }).FirstOrDefaultAsync(ct);
        IReadOnlyList<ComparisonMember> comparison = [];
        if (run is not null)
        {
            var everStarted = starts.Select(s => s.MemberId).ToHashSet();
            var identified = await (from d in db.Determinations.IgnoreQueryFilters()
                                    join m in db.Members.IgnoreQueryFilters() on d.MemberId equals m.Id
                                    where d.RunId == run.Id && (d.Eligible || d.ExclusionCode == null)
                                    select new { d.MemberId, m.DeathDate }).Distinct().ToListAsync(ct);
            comparison = ComparisonGroups.Comparison(identified.Select(i => new RunCandidate(i.MemberId, everStarted.Contains(i.MemberId), i.DeathDate)), run.AsOf, asOf);
        }

        var everyone = programMembers.Select(p => (p.MemberId, p.Start, Group: program))
            .Concat(comparison.Select(c => (c.MemberId, c.Start, Group: ComparisonGroup))).ToList();
        var subjects = new List<OutcomeSubject>(everyone.Count);
        var chunks = everyone.Chunk(Chunk).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            progress?.Report(new ReportProgress("reading visits and admissions", i, chunks.Count));
            subjects.AddRange(await SubjectsAsync(chunks[i], asOf, ct));
        }

        progress?.Report(new ReportProgress("summarizing", chunks.Count, chunks.Count));
        var groups = OutcomeCalculator.Summarize(subjects, asOf, [program, ComparisonGroup]);
        return new OutcomesResult(OutcomeGroupDto.From(groups[0]), OutcomeGroupDto.From(groups[1]), asOf, run?.Id, run?.AsOf, OutcomeCsv.NotRandomized);
    }

    /// <summary>Every start of the program by the plan's members, whatever the date (a member who started after the
    /// as-of date is still not "never started").</summary>
    private async Task<List<ComparisonMember>> ProgramStartsAsync(Guid plan, string program, CancellationToken ct)
    {
        if (program == "ecm")
        {
            var enrolled = await db.Set<EcmCase>().IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.PlanId == plan && c.EnrolledAt != null)
                .Select(c => new { c.MemberId, c.EnrolledAt }).ToListAsync(ct);
            return [.. enrolled.Select(e => new ComparisonMember(e.MemberId, DateOnly.FromDateTime(e.EnrolledAt!.Value.UtcDateTime)))];
        }

        var served = await (from d in db.Set<ServiceDelivery>().IgnoreQueryFilters()
                            join r in db.Referrals.IgnoreQueryFilters() on d.ReferralId equals r.Id
                            where r.PlanId == plan && r.CommunitySupportCode == program
                            group d by d.MemberId into g
                            select new { MemberId = g.Key, First = g.Min(d => d.ServiceDate) }).ToListAsync(ct);
        return [.. served.Select(s => new ComparisonMember(s.MemberId, s.First))];
    }

    private async Task<List<OutcomeSubject>> SubjectsAsync(IReadOnlyList<(Guid MemberId, DateOnly Start, string Group)> chunk, DateOnly asOf, CancellationToken ct)
    {
        var ids = chunk.Select(c => c.MemberId).Distinct().ToList();
        var from = chunk.Min(c => c.Start).AddMonths(-OutcomeWindows.Months);
        var deaths = await db.Members.IgnoreQueryFilters().AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.DeathDate }).ToDictionaryAsync(m => m.Id, m => m.DeathDate, ct);
        var spans = (await db.EnrollmentSpans.IgnoreQueryFilters().AsNoTracking().Where(e => ids.Contains(e.MemberId))
                .Select(e => new { e.MemberId, e.Start, e.End }).ToListAsync(ct))
            .ToLookup(e => e.MemberId, e => new DateWindow(e.Start, e.End ?? DateOnly.MaxValue));
        var events = (await db.Encounters.IgnoreQueryFilters().AsNoTracking()
                .Where(e => ids.Contains(e.MemberId) && (e.EncounterClass == "emergency" || e.EncounterClass == "inpatient") && e.ServiceDate >= from && e.ServiceDate <= asOf)
                .Select(e => new { e.MemberId, e.EncounterClass, e.ServiceDate }).ToListAsync(ct))
            .ToLookup(e => e.MemberId);
        return [.. chunk.Select(c => new OutcomeSubject(c.Group, c.Start, deaths.GetValueOrDefault(c.MemberId), [.. spans[c.MemberId]],
            [.. events[c.MemberId].Where(e => e.EncounterClass == "emergency").Select(e => e.ServiceDate)],
            [.. events[c.MemberId].Where(e => e.EncounterClass == "inpatient").Select(e => e.ServiceDate)]))];
    }
}
