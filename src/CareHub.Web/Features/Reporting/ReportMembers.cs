using CareHub.Data;
using CareHub.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Reporting;

public sealed record ReportMemberRow(Guid Id, string PlanMemberId, string FirstName, string LastName, DateOnly BirthDate, string County);

/// <summary>The members behind one figure: those the caller may see (<see cref="Shown"/> of <see cref="Total"/>;
/// the others moved to a plan the caller cannot see).</summary>
public sealed record ReportMembersPage(string Report, string Measure, string Period, string? Key, string? County, int Total, int Visible,
    IReadOnlyList<ReportMemberRow> Members, int Page, int PageSize)
{
    public int Shown => Members.Count;

    public int Hidden => Total - Visible;
}

/// <summary>Drill-down from a report figure to its members. The figure's rows come from <see cref="ReportFacts"/> (the
/// same definition as the count); the members are read through the caller's organization scope, and every member
/// shown is audited.</summary>
public sealed class ReportMembers(CareHubDbContext db, ReportFacts facts, AuditTrail audit)
{
    public const int MaxPageSize = 200;

    public sealed record Input(Guid PlanId, string Report, string Measure, Quarter Quarter, string? Key, string? County, int Page = 1, int PageSize = 50);

    public static string? Validate(string? report, string? measure) => report switch
    {
        "ecm" when ReportMeasures.IsEcm(measure) => null,
        "community-supports" when ReportMeasures.IsCommunitySupports(measure) || measure is "units" or "amount" => null,
        "ecm" or "community-supports" => $"Unknown measure '{measure}' for the {report} report.",
        _ => $"Unknown report '{report}'. Use ecm or community-supports.",
    };

    public async Task<ReportMembersPage> HandleAsync(Input input, string target, CancellationToken ct)
    {
        var rows = input.Report == "ecm"
            ? facts.Ecm(input.Measure, input.PlanId, input.Quarter, await facts.IdentificationRunAsync(input.PlanId, input.Quarter, ct))
            : facts.CommunitySupports(input.Measure is "units" or "amount" ? "served" : input.Measure, input.PlanId, input.Quarter);
        if (!string.IsNullOrEmpty(input.Key))
        {
            rows = rows.Where(f => f.Key == input.Key);
        }

        if (!string.IsNullOrEmpty(input.County))
        {
            rows = rows.Where(f => f.County == input.County);
        }

        var ids = rows.Select(f => f.MemberId).Distinct();
        var total = await ids.CountAsync(ct);

        // Through the caller's scope: only members the organization may see now.
        var visible = db.Members.AsNoTracking().Where(m => ids.Contains(m.Id));
        var visibleCount = await visible.CountAsync(ct);
        var size = Math.Clamp(input.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, input.Page);
        var members = await visible.OrderBy(m => m.LastName).ThenBy(m => m.FirstName).ThenBy(m => m.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(m => new ReportMemberRow(m.Id, m.PlanMemberId, m.FirstName, m.LastName, m.BirthDate, m.County))
            .ToListAsync(ct);

        foreach (var m in members)
        {
            audit.Add("report.members", m.Id, target, $"{input.Report} {input.Quarter} {input.Measure}");
        }

        await db.SaveChangesAsync(ct);
        return new ReportMembersPage(input.Report, input.Measure, input.Quarter.ToString(), input.Key, input.County, total, visibleCount, members, page, size);
    }
}
