using System.Globalization;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Exchange;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Exchange;

/// <summary>
/// The Member Information File a plan sends an ECM provider (layout version 1): every member whose ECM case with
/// the plan was assigned to the provider on or before <c>asOf</c> and was not closed before it, with demographics,
/// Population of Focus, the enrollment span in effect on <c>asOf</c> and the ECM status. Each member is audited.
/// A member without a CIN cannot be named in the file; such members are left out and counted in <see cref="MifFile.LeftOut"/>.
/// </summary>
public sealed record MifFile(string Csv, int LeftOut);

public sealed class ExportMif(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<MifFile>> HandleAsync(Guid? providerId, string? asOfText, CancellationToken ct)
    {
        if (db.Scope.OrganizationType != OrganizationType.Plan || db.Scope.OrganizationId is not { } planId)
        {
            return Outcome<MifFile>.Forbidden("Only a plan sends Member Information Files.");
        }

        if (providerId is not { } provider)
        {
            return Outcome<MifFile>.Invalid("providerId", "Give the ECM provider's id.");
        }

        var asOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!string.IsNullOrWhiteSpace(asOfText) && !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
        {
            return Outcome<MifFile>.Invalid("asOf", $"'{asOfText}' is not a date (YYYY-MM-DD).");
        }

        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == provider && o.Type == OrganizationType.EcmProvider, ct);
        if (org is null)
        {
            return Outcome<MifFile>.NotFound($"No ECM provider {provider}.");
        }

        var plan = await db.Organizations.AsNoTracking().Where(o => o.Id == planId).Select(o => o.Name).SingleAsync(ct);
        var asOfEnd = new DateTimeOffset(asOf.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
        var asOfStart = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var cases = await db.Set<EcmCase>().AsNoTracking()
            .Where(c => c.PlanId == planId && c.ProviderId == provider && c.AssignedAt != null && c.AssignedAt <= asOfEnd
                && (c.DisenrolledAt == null || c.DisenrolledAt >= asOfStart))
            .Join(db.Members, c => c.MemberId, m => m.Id, (c, m) => new { Case = c, Member = m })
            .OrderBy(x => x.Member.LastName).ThenBy(x => x.Member.FirstName).ToListAsync(ct);
        var leftOut = cases.Where(c => string.IsNullOrWhiteSpace(c.Member.Cin)).Select(c => c.Member.Id).Distinct().Count();
        cases = [.. cases.Where(c => !string.IsNullOrWhiteSpace(c.Member.Cin))];
        var memberIds = cases.Select(c => c.Member.Id).ToList();
        var spans = await db.EnrollmentSpans.AsNoTracking().Where(s => memberIds.Contains(s.MemberId) && s.PlanId == planId && s.Start <= asOf && (s.End == null || s.End >= asOf))
            .ToListAsync(ct);
        var rows = cases.GroupBy(x => x.Member.Id).Select(g => g.OrderByDescending(x => x.Case.AssignedAt).First()).Select(x =>
        {
            var m = x.Member;
            var span = spans.Where(s => s.MemberId == m.Id).OrderByDescending(s => s.Start).FirstOrDefault();
            return new MifRow(plan, m.Cin!, m.PlanMemberId, m.LastName, m.FirstName, m.BirthDate, m.Sex, m.County, m.AddressLine, m.City, m.Zip, m.Phone,
                m.PreferredLanguage, x.Case.Population, span?.Start, span?.End, x.Case.Status.ToCode(), x.Case.AssignedAt is { } a ? DateOnly.FromDateTime(a.UtcDateTime) : null);
        }).ToList();

        foreach (var id in memberIds.Distinct())
        {
            audit.Add("exchange.mif", id, $"/api/exchange/mif?providerId={provider}&asOf={asOf:yyyy-MM-dd}", $"Member Information File for {org.Name}.");
        }

        await db.SaveChangesAsync(ct);
        return Outcome<MifFile>.Ok(new MifFile(MemberFiles.WriteMif(rows), leftOut));
    }
}
