using CareHub.Common;
using CareHub.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Audit;

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string? UserName, Guid? OrganizationId, Guid? MemberId, string Action, string? Target, string? Source, string? Detail);

public sealed record AuditQuery(Guid? Member, string? User, string? Action, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 50);

/// <summary>Searches the audit trail, newest first. Only the state's auditors may.</summary>
public sealed class AuditSearch(CareHubDbContext db)
{
    public async Task<(IReadOnlyList<AuditEntryDto> Items, int Total, int Page, int PageSize)> SearchAsync(AuditQuery q, CancellationToken ct = default)
    {
        var page = Math.Max(1, q.Page);
        var size = Math.Clamp(q.PageSize, 1, 500);
        var query = db.AuditEntries.AsNoTracking();
        if (q.Member is { } member)
        {
            query = query.Where(a => a.MemberId == member);
        }

        if (!string.IsNullOrWhiteSpace(q.User))
        {
            var user = q.User.Trim().ToLowerInvariant();
            query = query.Where(a => a.UserName != null && a.UserName.ToLower().Contains(user));
        }

        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            query = query.Where(a => a.Action == q.Action.Trim());
        }

        if (q.From is { } from)
        {
            var f = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At >= f);
        }

        if (q.To is { } to)
        {
            var t = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At < t);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.Id).Skip((page - 1) * size).Take(size)
            .Select(a => new AuditEntryDto(a.Id, a.At, a.UserName, a.OrganizationId, a.MemberId, a.Action, a.Target, a.Source, a.Detail))
            .ToListAsync(ct);
        return (items, total, page, size);
    }
}

public static class AuditApi
{
    public sealed record AuditPage(IReadOnlyList<AuditEntryDto> Items, int Total, int Page, int PageSize);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", Search).WithTags("Audit").RequireAuthorization(p => p.RequireRole(Roles.Auditor))
            .WithSummary("The audit trail, newest first, paged: ?member={id}&user=&action=&from=&to=&page=&pageSize=");
        return app;
    }

    private static async Task<Ok<AuditPage>> Search(Guid? member, string? user, string? action, DateOnly? from, DateOnly? to, int? page, int? pageSize, AuditSearch search, HttpContext http)
    {
        var (items, total, p, size) = await search.SearchAsync(new AuditQuery(member, user, action, from, to, page ?? 1, pageSize ?? 50), http.RequestAborted);
        return TypedResults.Ok(new AuditPage(items, total, p, size));
    }
}
