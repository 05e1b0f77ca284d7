using CareHub.Catalog;
using CareHub.Data;
using CareHub.Members;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>The instant check for a referral not yet sent (offered, criteria, limits); also used by the decision and
/// the extension to measure limits again.</summary>
public sealed class CheckReferral(CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock, MemberUsageHistory usageHistory)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The check for <paramref name="input"/>; null when the member is not visible.</summary>
    public async Task<ReferralCheckResult?> HandleAsync(ReferralInput input, string? episodeKey = null, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == input.MemberId, ct);
        if (member is null)
        {
            return null;
        }

        var start = input.RequestedStart ?? Today;
        var end = input.RequestedEnd ?? start;
        return await ForMemberAsync(member, input.CommunitySupportCode ?? "", start, end, input.RequestedQuantity, input.RequestedAmount, input.Attestations ?? [], episodeKey, null, ct);
    }

    public async Task<ReferralCheckResult> ForMemberAsync(Member member, string code, DateOnly start, DateOnly end, decimal? quantity, decimal? amount,
        IReadOnlyCollection<string> attested, string? episodeKey, Guid? planId, CancellationToken ct, Guid? replacingReferral = null)
    {
        var plan = planId ?? member.PlanId;
        var offerings = await db.PlanOfferings.AsNoTracking().Where(o => o.PlanId == plan).ToListAsync(ct);
        var planName = await db.Organizations.AsNoTracking().Where(o => o.Id == plan).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "The member's plan";
        var encounters = await db.Encounters.AsNoTracking().Where(e => e.MemberId == member.Id && e.ServiceDate > start.AddMonths(-24))
            .Select(e => new ScreenEncounter(e.EncounterClass, e.ServiceDate, e.PrimaryDiagnosis)).ToListAsync(ct);
        var facts = new ScreenFacts(member.BirthDate, member.Sex, member.County, member.IsDual, member.AidCode, member.RaceEthnicity, encounters);
        var history = await usageHistory.ForMemberAsync(member.Id, ct, replacingReferral);
        var serviceCode = code.Trim();
        var policies = await db.Set<PlanPolicyRecord>().AsNoTracking().Where(p => p.PlanId == plan && p.CommunitySupportCode == serviceCode).ToListAsync(ct);
        return ReferralChecks.Check(catalog, offerings.Select(o => o.ToOffering()), planName, member.County,
            new LimitRequest(serviceCode, start, end, quantity, amount, episodeKey), facts, attested, history, policies.Select(p => p.ToPolicy()));
    }
}
