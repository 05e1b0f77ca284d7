using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

public sealed record ReferFromRunRequest(Guid? RunId, string? Population, int? Max);

/// <summary>
/// Refers the members a completed identification run found eligible (optionally for one Population of Focus) who
/// have no open case yet; members with an open case are left as they are. Each referral is an ordinary
/// <see cref="CreateEcmCase"/>, at most <c>max</c> at a time.
/// </summary>
public sealed class ReferFromIdentificationRun(CareHubDbContext db, CreateEcmCase create)
{
    public async Task<Outcome<RunReferrals>> HandleAsync(Guid runId, string? population, int max = 500, CancellationToken ct = default)
    {
        if (db.Scope.OrganizationType != OrganizationType.Plan || db.Scope.OrganizationId is not { } planId)
        {
            return Outcome<RunReferrals>.Forbidden("Only a plan refers members from its identification runs.");
        }

        var run = await db.IdentificationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.PlanId == planId, ct);
        if (run is null)
        {
            return Outcome<RunReferrals>.NotFound($"No identification run {runId} of your plan.");
        }

        if (run.Status != CareHub.Identification.Runs.RunStatus.Completed)
        {
            return Outcome<RunReferrals>.Conflict($"The identification run is '{run.Status}'; only a completed run's members can be referred.");
        }

        var eligible = db.Determinations.AsNoTracking().Where(d => d.RunId == runId && d.Eligible);
        if (population is { Length: > 0 } pop)
        {
            eligible = eligible.Where(d => d.Population == pop);
        }

        var rows = await eligible.GroupBy(d => d.MemberId).Select(g => new { MemberId = g.Key, Population = g.Min(d => d.Population) }).ToListAsync(ct);
        var ids = rows.Select(r => r.MemberId).ToList();
        var open = (await db.Set<EcmCase>().AsNoTracking().Where(c => c.OpenMemberId != null && ids.Contains(c.MemberId)).Select(c => c.MemberId).ToListAsync(ct)).ToHashSet();
        var toRefer = rows.Where(r => !open.Contains(r.MemberId)).Take(Math.Clamp(max, 1, 5000)).ToList();
        var created = 0;
        foreach (var r in toRefer)
        {
            var result = await create.HandleAsync(new NewCase(r.MemberId, EcmSource.Identification, $"Identified for {r.Population} (run as of {run.AsOf:yyyy-MM-dd})", r.Population), ct);
            if (result.Kind == OutcomeKind.Created)
            {
                created++;
            }

            db.ChangeTracker.Clear();
        }

        return Outcome<RunReferrals>.Ok(new RunReferrals(run.Id, rows.Count, open.Count, created, rows.Count - open.Count - toRefer.Count));
    }
}
