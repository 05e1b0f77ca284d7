using CareHub.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareHub.Web.Features.Members;

public static class MembersApi
{
    public sealed record MemberList(IReadOnlyList<MemberSummary> Items, int Total, int Page, int PageSize);

    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members").WithTags("Members").RequireAuthorization(p => p.RequireRole(Roles.MemberViewers.Split(',')));
        g.MapGet("/", List).WithSummary("Members the caller's organization may see; search by name, plan member id, CIN or birth date.");
        g.MapGet("/{memberId:guid}", Get).WithSummary("One member with enrollment and recent utilization.");
        return app;
    }

    private static async Task<Ok<MemberList>> List(string? q, DateOnly? birthDate, string? county, int? page, int? pageSize, MemberQueries members, HttpContext http)
    {
        var result = await members.SearchAsync(new MemberSearch(q, birthDate, county, page ?? 1, pageSize ?? 25), http.Request.Path, http.RequestAborted);
        return TypedResults.Ok(new MemberList(result.Items, result.Total, result.Page, result.PageSize));
    }

    private static async Task<Results<Ok<MemberDetail>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>>> Get(Guid memberId, MemberQueries members, HttpContext http)
    {
        var member = await members.GetAsync(memberId, http.Request.Path, http.RequestAborted);
        return member is null
            ? TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = "Member not found", Detail = $"No member {memberId} is visible to your organization.", Status = 404 })
            : TypedResults.Ok(member);
    }
}
