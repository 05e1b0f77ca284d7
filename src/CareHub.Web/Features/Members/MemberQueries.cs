using System.Linq.Expressions;
using CareHub.Audit;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Members;
using LinqKit;
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
        var skip = (page - 1) * size;
        var ownPlan = await db.PlanReadingOwnMembersAsync(grants, ct);
        var query = db.MembersInView(ownPlan).AsNoTracking();
        var q = search.Q?.Trim();
        var id = Guid.TryParse(q, out var parsed) ? parsed : (Guid?)null;
        var terms = id is null && !string.IsNullOrEmpty(q) ? q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        if (id is { } memberId)
        {
            query = query.Where(m => m.Id == memberId);
        }

        foreach (var term in terms)
        {
            query = query.WhereNameOrIdMatches(term);
        }

        if (search.BirthDate is { } birth)
        {
            query = query.Where(m => m.BirthDate == birth);
        }

        if (!string.IsNullOrWhiteSpace(search.County))
        {
            query = query.Where(m => m.County == search.County);
        }

        var items = id is null && terms.Length <= 1 && search.BirthDate is null && string.IsNullOrWhiteSpace(search.County) && ownPlan is { } plan
            ? await OwnPageAsync(plan, terms.SingleOrDefault(), skip, size, ct)
            : await query.PageInNameOrder(db.Members.AsNoTracking(), skip, size).Select(_summary).ToListAsync(ct);

        var total = ListTotals.ShownInFull(skip, items.Count, size)
            ?? await totals.CountAsync(query, db.Scope, $"members?q={q}&birthDate={search.BirthDate:yyyy-MM-dd}&county={search.County}", ct);

        await audit.RecordShownAsync(AuditActions.MemberSearch, items.Select(m => m.Id), target,
            $"q={q}; birthDate={search.BirthDate}; county={search.County}; page={page}; results={items.Count} of {total}", ct);
        return new PagedResult<MemberSummary>(items, total, page, size);
    }

    /// <summary>A page of the member list, or of a search for one term, of a plan reading its own members
    /// (<see cref="Participants.PlanReadingOwnMembersAsync"/>): the lists care managers open most, compiled once.</summary>
    private async Task<List<MemberSummary>> OwnPageAsync(Guid plan, string? term, int skip, int take, CancellationToken ct)
    {
        if (term is null)
        {
            return await _ownPage.For(db)(db, plan, skip, take).ToListAsync(ct);
        }

        var (from, to, ids) = MemberNameSearch.NameOrIdTerms(term);
        return await _ownSearch.For(db)(db, plan, from, to, ids, skip, take).ToListAsync(ct);
    }

    private static readonly Expression<Func<Member, MemberSummary>> _summary =
        m => new MemberSummary(m.Id, m.PlanMemberId, m.Cin, m.FirstName, m.LastName, m.BirthDate, m.County, m.HealthNetwork, m.IsDual, m.PlanId);

    private static readonly CompiledForEachModel<Func<CareHubDbContext, Guid, int, int, IAsyncEnumerable<MemberSummary>>> _ownPage = CompiledForEachModel.Of(
        (CareHubDbContext db, Guid plan, int skip, int take) => MemberNameSearch.PageInNameOrderShape.Invoke(
            Participants.OwnMembersShape.Invoke(db, plan).AsNoTracking(), db.Members.AsNoTracking(), skip, take).Select(m => _summary.Invoke(m)));

    private static readonly CompiledForEachModel<Func<CareHubDbContext, Guid, string, string, string[], int, int, IAsyncEnumerable<MemberSummary>>> _ownSearch = CompiledForEachModel.Of(
        (CareHubDbContext db, Guid plan, string from, string to, string[] ids, int skip, int take) => MemberNameSearch.PageInNameOrderShape.Invoke(
            MemberNameSearch.WhereNameOrIdMatchesShape.Invoke(Participants.OwnMembersShape.Invoke(db, plan).AsNoTracking(), from, to, ids),
            db.Members.AsNoTracking(), skip, take).Select(m => _summary.Invoke(m)));

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
