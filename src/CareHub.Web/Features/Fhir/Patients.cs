using System.Globalization;
using CareHub.Audit;
using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Web.Security;
using Hl7.Fhir.Model;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Features.Fhir.FhirResponses;
using static CareHub.Web.Features.Fhir.FhirSearch;

namespace CareHub.Web.Features.Fhir;

/// <summary>FHIR Patient: read and search the members the caller sees (a CBO: only members it serves or referred).</summary>
public static class Patients
{
    public static async Task<IResult> ReadPatient(string id, CareHubDbContext db, AuditTrail audit, HttpContext http)
    {
        var member = Guid.TryParse(id, out var memberId) ? await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, http.RequestAborted) : null;
        if (member is null || !await CanSeePatientAsync(db, http, memberId))
        {
            return NotFound("Patient", id);
        }

        await audit.RecordAsync(AuditActions.MemberRead, member.Id, http.Request.Path, "fhir", http.RequestAborted);
        return Answer(FhirMapper.ToPatient(member));
    }

    /// <summary>A CBO sees a Patient only through a Task it owns; other organizations through the usual member scoping.</summary>
    private static async Task<bool> CanSeePatientAsync(CareHubDbContext db, HttpContext http, Guid memberId)
    {
        if (http.User.GetOrganizationType() != OrganizationType.Cbo)
        {
            return true;
        }

        return await db.MembersReferredWith(http.User.GetOrganizationId()).AnyAsync(m => m.Id == memberId, http.RequestAborted);
    }

    public static async Task<IResult> SearchPatients(HttpRequest request, CareHubDbContext db, AuditTrail audit, ListTotals totals, OrganizationGrants grants, string? identifier, string? name, string? birthdate, string? _id)
    {
        if (UnknownParameters(request, "identifier", "name", "birthdate", "_id") is { } unknown)
        {
            return unknown;
        }

        var ownPlan = await db.PlanReadingOwnMembersAsync(grants, request.HttpContext.RequestAborted);
        var query = db.MembersInView(ownPlan).AsNoTracking();
        if (request.HttpContext.User.GetOrganizationType() == OrganizationType.Cbo)
        {
            query = db.MembersReferredWith(request.HttpContext.User.GetOrganizationId()).AsNoTracking();
        }

        if (!string.IsNullOrWhiteSpace(_id))
        {
            var ids = _id.Split(',').Select(x => Guid.TryParse(x, out var g) ? g : Guid.Empty).ToList();
            query = query.Where(m => ids.Contains(m.Id));
        }

        if (!string.IsNullOrWhiteSpace(identifier))
        {
            var value = identifier.Contains('|', StringComparison.Ordinal) ? identifier[(identifier.IndexOf('|', StringComparison.Ordinal) + 1)..] : identifier;
            query = query.Where(m => m.Cin == value || m.PlanMemberId == value);
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            query = query.WhereNameStartsWith(name);
        }

        if (!string.IsNullOrWhiteSpace(birthdate))
        {
            if (!DateOnly.TryParseExact(birthdate.StartsWith("eq", StringComparison.Ordinal) ? birthdate[2..] : birthdate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"'{birthdate}' is not a date (YYYY-MM-DD).", "birthdate");
            }

            query = query.Where(m => m.BirthDate == birth);
        }

        Func<CancellationToken, Task<int>> countAll = ct => totals.CountAsync(query, db.Scope, ListKey(request, "Patient"), ct, exact: AccurateTotal(request));
        var (page, pageError) = OwnPage(db, ownPlan, identifier, name, birthdate, _id) is { } own
            ? await PageAsync(request, own, countAll)
            : await PageAsync(request, (skip, take) => query.PageInNameOrder(db.Members.AsNoTracking(), skip, take), countAll);
        if (page is null)
        {
            return pageError!;
        }

        await audit.RecordShownAsync(AuditActions.MemberSearch, page.Items.Select(m => m.Id), request.Path + request.QueryString,
            $"fhir; results={page.Items.Count} of {page.Total}", request.HttpContext.RequestAborted);
        return Answer(SearchSet(request, page.Items.Select(FhirMapper.ToPatient), null, page.Total, page.Offset, page.Count));
    }

    /// <summary>
    /// The page query of the searches served most (every Patient, or by name) of a plan reading its own members
    /// (<paramref name="ownPlan"/>, as <see cref="Participants.PlanReadingOwnMembersAsync"/> gave it), compiled once; null
    /// for any other search or caller.
    /// </summary>
    private static Func<int, int, IAsyncEnumerable<CareHub.Members.Member>>? OwnPage(CareHubDbContext db, Guid? ownPlan,
        string? identifier, string? name, string? birthdate, string? _id)
    {
        if (!string.IsNullOrWhiteSpace(identifier) || !string.IsNullOrWhiteSpace(birthdate) || !string.IsNullOrWhiteSpace(_id) || ownPlan is not { } plan)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(name) || MemberNameSearch.NameRange(name) is not { } range
            ? (skip, take) => _ownPage.For(db)(db, plan, skip, take)
            : (skip, take) => _ownByName.For(db)(db, plan, range.From, range.To, skip, take);
    }

    private static readonly CompiledForEachModel<Func<CareHubDbContext, Guid, int, int, IAsyncEnumerable<CareHub.Members.Member>>> _ownPage = CompiledForEachModel.Of(
        (CareHubDbContext db, Guid plan, int skip, int take) => MemberNameSearch.PageInNameOrderShape.Invoke(
            Participants.OwnMembersShape.Invoke(db, plan).AsNoTracking(), db.Members.AsNoTracking(), skip, take));

    private static readonly CompiledForEachModel<Func<CareHubDbContext, Guid, string, string, int, int, IAsyncEnumerable<CareHub.Members.Member>>> _ownByName = CompiledForEachModel.Of(
        (CareHubDbContext db, Guid plan, string from, string to, int skip, int take) => MemberNameSearch.PageInNameOrderShape.Invoke(
            MemberNameSearch.WhereNameStartsWithShape.Invoke(Participants.OwnMembersShape.Invoke(db, plan).AsNoTracking(), from, to),
            db.Members.AsNoTracking(), skip, take));
}
