using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Network;
using CareHub.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Reporting;

public sealed record EcmReportRow(string Population, string County, int Identified, int Referred, int Authorized, int Denied, int Assigned,
    int Outreached, int Enrolled, int Disenrolled, int ActiveAtEnd)
{
    public int Get(string measure) => measure switch
    {
        "identified" => Identified,
        "referred" => Referred,
        "authorized" => Authorized,
        "denied" => Denied,
        "assigned" => Assigned,
        "outreached" => Outreached,
        "enrolled" => Enrolled,
        "disenrolled" => Disenrolled,
        "activeAtEnd" => ActiveAtEnd,
        _ => 0,
    };
}

/// <summary>Members disenrolled in the quarter for one reason and Population of Focus.</summary>
public sealed record DisenrollmentReasonRow(string Population, string Reason, string Label, int Members);

/// <summary>An ECM provider of the plan's network in the quarter: its registry type, the capacity the plan contracted
/// (summed over the counties of its contracts in the quarter; the provider's declared capacity where there is no
/// contract), and the plan's members with it at quarter end.</summary>
public sealed record EcmProviderRow(Guid Id, string Name, string? Npi, string ProviderType, string ProviderTypeLabel, string Counties, string PopulationsServed,
    int? Capacity, bool Contracted, int AssignedAtEnd, int EnrolledAtEnd);

public sealed record EcmReport(string Period, DateOnly First, DateOnly Last, Guid? IdentificationRunId, IReadOnlyList<EcmReportRow> Rows,
    IReadOnlyList<DisenrollmentReasonRow> DisenrolledByReason, IReadOnlyList<EcmProviderRow> Providers, IReadOnlyList<ProviderTypeRow> ProvidersByType);

/// <summary>The plan's quarterly ECM report: per Population of Focus and county, members identified (the quarter's
/// latest completed identification run), referred, authorized, denied, assigned, outreached, enrolled, disenrolled
/// (also by reason) and active at quarter end; and the ECM providers with capacity and the plan's members.</summary>
public sealed class EcmQuarterlyReport(CareHubDbContext db, ReportFacts facts)
{
    public sealed record Input(Guid PlanId, Quarter Quarter);

    public async Task<EcmReport> HandleAsync(Input input, CancellationToken ct)
    {
        var (plan, q) = (input.PlanId, input.Quarter);
        var run = await facts.IdentificationRunAsync(plan, q, ct);
        var counts = new Dictionary<(string Population, string County), int[]>();
        var measures = ReportMeasures.Ecm.Select(m => m.Code).ToList();
        for (var i = 0; i < measures.Count; i++)
        {
            var rows = await facts.Ecm(measures[i], plan, q, run)
                .GroupBy(f => new { f.Key, f.County })
                .Select(g => new { g.Key.Key, g.Key.County, Members = g.Select(f => f.MemberId).Distinct().Count() })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                if (!counts.TryGetValue((r.Key, r.County), out var values))
                {
                    counts[(r.Key, r.County)] = values = new int[measures.Count];
                }

                values[i] = r.Members;
            }
        }

        var reportRows = counts.OrderBy(c => c.Key.Population, StringComparer.Ordinal).ThenBy(c => c.Key.County, StringComparer.Ordinal)
            .Select(c => new EcmReportRow(c.Key.Population, c.Key.County, c.Value[0], c.Value[1], c.Value[2], c.Value[3], c.Value[4], c.Value[5], c.Value[6], c.Value[7], c.Value[8]))
            .ToList();

        var reasons = await facts.EcmDisenrollments(plan, q)
            .GroupBy(f => new { f.County, f.Key })
            .Select(g => new { Population = g.Key.County, Reason = g.Key.Key, Members = g.Select(f => f.MemberId).Distinct().Count() })
            .ToListAsync(ct);

        var providers = await ProvidersAsync(plan, q, ct);
        return new EcmReport(q.ToString(), q.First, q.Last, run, reportRows,
            [.. reasons.OrderBy(r => r.Population, StringComparer.Ordinal).ThenByDescending(r => r.Members)
                .Select(r => new DisenrollmentReasonRow(r.Population, r.Reason, DisenrollmentReason.Label(r.Reason), r.Members))],
            providers, ProviderTypeSummary.ByType(providers.Select(p => new ProviderLoad(p.ProviderType, p.Capacity, p.AssignedAtEnd, p.EnrolledAtEnd))));
    }

    /// <summary>The plan's ECM network in the quarter: providers with a contract of the plan in force on any day of the
    /// quarter, and any other provider holding the plan's members at quarter end.</summary>
    private async Task<IReadOnlyList<EcmProviderRow>> ProvidersAsync(Guid plan, Quarter q, CancellationToken ct)
    {
        var end = q.EndsBefore;
        var contracts = await db.Set<ProviderContract>().AsNoTracking()
            .Where(c => c.PlanId == plan && c.Start <= q.Last && (c.End == null || c.End >= q.First))
            .Select(c => new { c.ProviderId, c.County, c.Capacity })
            .ToListAsync(ct);
        var load = await db.Set<EcmCase>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.PlanId == plan && c.ProviderId != null && c.AssignedAt < end && (c.DisenrolledAt == null || c.DisenrolledAt >= end) && c.Status != EcmStatus.Denied)
            .GroupBy(c => c.ProviderId)
            .Select(g => new
            {
                ProviderId = g.Key!.Value,
                Assigned = g.Select(c => c.MemberId).Distinct().Count(),
                Enrolled = g.Where(c => c.EnrolledAt < end).Select(c => c.MemberId).Distinct().Count(),
            })
            .ToDictionaryAsync(x => x.ProviderId, ct);
        var ids = contracts.Select(c => c.ProviderId).Concat(load.Keys).Distinct().ToList();
        var providers = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.EcmProvider && ids.Contains(o.Id)).OrderBy(o => o.Name).ToListAsync(ct);
        var profiles = await db.Set<EcmProviderProfile>().AsNoTracking().Where(p => ids.Contains(p.OrganizationId)).ToDictionaryAsync(p => p.OrganizationId, ct);
        var types = await db.Set<ProviderProfile>().AsNoTracking().Where(p => ids.Contains(p.OrganizationId))
            .ToDictionaryAsync(p => p.OrganizationId, p => p.ProviderType, ct);
        return [.. providers.Select(p =>
        {
            var own = contracts.Where(c => c.ProviderId == p.Id).ToList();
            var type = types.GetValueOrDefault(p.Id) is { Length: > 0 } t ? t : ProviderTypeSummary.Unspecified;
            return new EcmProviderRow(p.Id, p.Name, p.Npi, type, type == ProviderTypeSummary.Unspecified ? "Type not recorded" : ProviderTypes.Label(type),
                string.Join(", ", own.Count > 0 ? own.Select(c => c.County).Distinct().Order(StringComparer.Ordinal) : p.Counties),
                string.Join(", ", profiles.GetValueOrDefault(p.Id)?.PopulationsServed ?? []),
                own.Count > 0 ? own.Sum(c => c.Capacity) : p.Capacity, own.Count > 0,
                load.GetValueOrDefault(p.Id)?.Assigned ?? 0, load.GetValueOrDefault(p.Id)?.Enrolled ?? 0);
        })];
    }
}
