using CareHub.Data;
using CareHub.Referrals;
using CareHub.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Reporting;

public sealed record CsReportRow(string CommunitySupport, string County, int Referrals, int Authorized, int Denied, int Served, decimal Units,
    decimal Amount, int LoopsClosed)
{
    public decimal Get(string measure) => measure switch
    {
        "referrals" => Referrals,
        "authorized" => Authorized,
        "denied" => Denied,
        "served" => Served,
        "units" => Units,
        "amount" => Amount,
        "loopsClosed" => LoopsClosed,
        _ => 0,
    };
}

/// <summary>Referrals denied in the quarter for one service and reason.</summary>
public sealed record DenialReasonRow(string CommunitySupport, string Reason, int Referrals);

public sealed record CsReport(string Period, DateOnly First, DateOnly Last, IReadOnlyList<CsReportRow> Rows, IReadOnlyList<DenialReasonRow> DenialsByReason,
    IReadOnlyList<TimelinessRow> Timeliness, int RoutineHours, int ExpeditedHours);

/// <summary>The plan's quarterly Community Supports report: per service and county, referrals, authorizations,
/// denials (and their reasons), members served, units and dollars delivered and loops closed; and how fast the plan
/// decided (share within the routine and expedited clocks, median hours).</summary>
public sealed class CommunitySupportsQuarterlyReport(CareHubDbContext db, ReportFacts facts)
{
    public sealed record Input(Guid PlanId, Quarter Quarter);

    public async Task<CsReport> HandleAsync(Input input, CancellationToken ct)
    {
        var (plan, q) = (input.PlanId, input.Quarter);
        var rows = new Dictionary<(string Service, string County), CsReportRow>();
        CsReportRow Row(string service, string county) =>
            rows.TryGetValue((service, county), out var r) ? r : rows[(service, county)] = new CsReportRow(service, county, 0, 0, 0, 0, 0, 0, 0);

        foreach (var measure in new[] { "referrals", "authorized", "denied", "loopsClosed" })
        {
            var counts = await facts.CommunitySupports(measure, plan, q)
                .GroupBy(f => new { f.Key, f.County })
                .Select(g => new { g.Key.Key, g.Key.County, Count = g.Select(f => f.Id).Distinct().Count() })
                .ToListAsync(ct);
            foreach (var c in counts)
            {
                var r = Row(c.Key, c.County);
                rows[(c.Key, c.County)] = measure switch
                {
                    "referrals" => r with { Referrals = c.Count },
                    "authorized" => r with { Authorized = c.Count },
                    "denied" => r with { Denied = c.Count },
                    _ => r with { LoopsClosed = c.Count },
                };
            }
        }

        var served = await facts.CommunitySupports("served", plan, q)
            .GroupBy(f => new { f.Key, f.County })
            .Select(g => new { g.Key.Key, g.Key.County, Members = g.Select(f => f.MemberId).Distinct().Count(), Units = g.Sum(f => f.Units), Amount = g.Sum(f => f.Amount) })
            .ToListAsync(ct);
        foreach (var s in served)
        {
            rows[(s.Key, s.County)] = Row(s.Key, s.County) with { Served = s.Members, Units = s.Units, Amount = s.Amount };
        }

        var denials = await facts.Denials(plan, q)
            .GroupBy(f => new { f.County, f.Key })
            .Select(g => new { Service = g.Key.County, Reason = g.Key.Key, Count = g.Select(f => f.Id).Distinct().Count() })
            .ToListAsync(ct);

        var start = q.StartsAt;
        var end = q.EndsBefore;
        var decisions = await db.Referrals.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.PlanId == plan && r.DecidedAt >= start && r.DecidedAt < end)
            .Select(r => new { r.Priority, r.CreatedAt, r.DecisionDueAt, r.DecidedAt })
            .ToListAsync(ct);
        var clocks = await db.Set<PlanAuthorizationSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.PlanId == plan, ct);

        return new CsReport(q.ToString(), q.First, q.Last,
            [.. rows.Values.OrderBy(r => r.CommunitySupport, StringComparer.Ordinal).ThenBy(r => r.County, StringComparer.Ordinal)],
            [.. denials.OrderBy(d => d.Service, StringComparer.Ordinal).ThenByDescending(d => d.Count).Select(d => new DenialReasonRow(d.Service, d.Reason, d.Count))],
            DecisionTimeliness.Summarize(decisions.Select(d => new DecisionTiming(d.Priority, d.CreatedAt, d.DecisionDueAt, d.DecidedAt!.Value)),
                [AuthorizationClock.Routine, AuthorizationClock.Expedited]),
            clocks?.RoutineHours ?? AuthorizationClock.DefaultRoutineHours, clocks?.ExpeditedHours ?? AuthorizationClock.DefaultExpeditedHours);
    }
}
