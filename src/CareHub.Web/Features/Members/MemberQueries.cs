using CareHub.Audit;
using CareHub.Data;
using CareHub.Data.Access;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Members;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

public sealed record MemberSummary(
    Guid Id, string PlanMemberId, string? Cin, string FirstName, string LastName, DateOnly BirthDate,
    string County, string? HealthNetwork, bool IsDual, Guid PlanId);

public sealed record MemberDetail(
    Guid Id, string PlanMemberId, string? Cin, string FirstName, string LastName, DateOnly BirthDate, DateOnly? DeathDate,
    string Sex, string County, string? HealthNetwork, bool IsDual, string? AidCode, string PreferredLanguage,
    string? Phone, string? AddressLine, string? City, string? Zip, string? RaceEthnicity, Guid PlanId, string? PlanName,
    IReadOnlyList<EnrollmentDto> Enrollment, IReadOnlyList<EncounterDto> Utilization);

public sealed record EnrollmentDto(Guid PlanId, string County, string? AidCode, string? HealthNetwork, bool IsDual, DateOnly Start, DateOnly? End);

public sealed record EncounterDto(string SourceId, string EncounterClass, DateOnly ServiceDate, DateOnly? EndDate, string? PrimaryDiagnosis, string? Description, decimal PaidAmount);

public sealed record MemberSearch(string? Q, DateOnly? BirthDate, string? County, int Page = 1, int PageSize = 25);

/// <summary>Member list and member page. Organization scoping is applied by the data layer; every read is audited.</summary>
public sealed class MemberQueries(CareHubDbContext db, AuditTrail audit, ListTotals totals, OrganizationGrants grants)
{
    public const int MaxPageSize = 200;

    public async Task<PagedResult<MemberSummary>> SearchAsync(MemberSearch search, string target, CancellationToken ct = default)
    {
        var page = Math.Max(1, search.Page);
        var size = Math.Clamp(search.PageSize, 1, MaxPageSize);
        var query = (await db.MembersInViewAsync(grants, ct)).AsNoTracking();
        var q = search.Q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            if (Guid.TryParse(q, out var id))
            {
                query = query.Where(m => m.Id == id);
            }
            else
            {
                var parts = q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var part in parts)
                {
                    query = query.WhereNameOrIdMatches(part);
                }
            }
        }

        if (search.BirthDate is { } birth)
        {
            query = query.Where(m => m.BirthDate == birth);
        }

        if (!string.IsNullOrWhiteSpace(search.County))
        {
            query = query.Where(m => m.County == search.County);
        }

        var items = await query.PageInNameOrder(db.Members.AsNoTracking(), (page - 1) * size, size)
            .Select(m => new MemberSummary(m.Id, m.PlanMemberId, m.Cin, m.FirstName, m.LastName, m.BirthDate, m.County, m.HealthNetwork, m.IsDual, m.PlanId))
            .ToListAsync(ct);

        var total = ListTotals.ShownInFull((page - 1) * size, items.Count, size)
            ?? await totals.CountAsync(query, db.Scope, $"members?q={q}&birthDate={search.BirthDate:yyyy-MM-dd}&county={search.County}", ct);

        await audit.RecordShownAsync(AuditActions.MemberSearch, items.Select(m => m.Id), target,
            $"q={q}; birthDate={search.BirthDate}; county={search.County}; page={page}; results={items.Count} of {total}", ct);
        return new PagedResult<MemberSummary>(items, total, page, size);
    }

    /// <summary>The member page's data, or null when the member does not exist or the caller may not see it.</summary>
    public async Task<MemberDetail?> GetAsync(Guid memberId, string target, CancellationToken ct = default)
    {
        var m = await db.Members.AsNoTracking().FirstOrDefaultAsync(x => x.Id == memberId, ct);
        if (m is null)
        {
            return null;
        }

        var planName = await db.Organizations.Where(o => o.Id == m.PlanId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var enrollment = await db.EnrollmentSpans.AsNoTracking().Where(e => e.MemberId == memberId)
            .OrderByDescending(e => e.Start)
            .Select(e => new EnrollmentDto(e.PlanId, e.County, e.AidCode, e.HealthNetwork, e.IsDual, e.Start, e.End))
            .ToListAsync(ct);
        var utilization = await db.Encounters.AsNoTracking().Where(e => e.MemberId == memberId)
            .OrderByDescending(e => e.ServiceDate).Take(100)
            .Select(e => new EncounterDto(e.SourceId, e.EncounterClass, e.ServiceDate, e.EndDate, e.PrimaryDiagnosis, e.Description, e.PaidAmount))
            .ToListAsync(ct);

        await audit.RecordAsync(AuditActions.MemberRead, memberId, target, null, ct);
        return new MemberDetail(m.Id, m.PlanMemberId, m.Cin, m.FirstName, m.LastName, m.BirthDate, m.DeathDate, m.Sex, m.County,
            m.HealthNetwork, m.IsDual, m.AidCode, m.PreferredLanguage, m.Phone, m.AddressLine, m.City, m.Zip, m.RaceEthnicity,
            m.PlanId, planName, enrollment, utilization);
    }
}
