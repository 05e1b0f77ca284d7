using System.Text.Json;
using CareHub.Catalog;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>What the ECM use cases and queries read besides the case: the plan's ECM rules and the member's other
/// programs as the exclusion check reads them.</summary>
public sealed class EcmLookups(CareHubDbContext db, ProgramCatalog catalog)
{
    /// <summary>How assessment answers and care plan interventions are stored.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ProgramCatalog Catalog => catalog;

    /// <summary>The plan's ECM rules (the defaults until the plan saves its own).</summary>
    public async Task<EcmPlanSettings> SettingsAsync(Guid planId, CancellationToken ct = default) =>
        await db.Set<EcmPlanSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.PlanId == planId, ct) ?? new EcmPlanSettings { PlanId = planId };

    /// <summary>The member's other programs, as the exclusion check reads them.</summary>
    public async Task<IReadOnlyList<ExclusionFinding>> ExclusionsAsync(Guid memberId, DateOnly asOf, CancellationToken ct = default)
    {
        var programs = await db.Set<MemberProgramEnrollment>().AsNoTracking().Where(p => p.MemberId == memberId)
            .Select(p => new ProgramSpan(p.Program, p.Start, p.End)).ToListAsync(ct);
        return EcmExclusionCheck.Evaluate(catalog, programs, asOf);
    }

    /// <summary>The program codes the catalog's exclusions name (hospice, PACE, waivers...).</summary>
    public IReadOnlyList<string> ProgramCodes() =>
        [.. catalog.EcmExclusions.SelectMany(e => ProgramCodes(e.Criteria)).Distinct(StringComparer.OrdinalIgnoreCase)];

    internal static IEnumerable<string> ProgramCodes(Criterion criterion) => criterion switch
    {
        ProgramCriterion p => [p.Program],
        AnyOf any => any.Criteria.SelectMany(ProgramCodes),
        AllOf all => all.Criteria.SelectMany(ProgramCodes),
        _ => [],
    };
}
