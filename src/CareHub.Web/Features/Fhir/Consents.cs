using CareHub.Common;
using CareHub.Data;
using CareHub.Web.Security;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Features.Fhir.FhirResponses;
using static CareHub.Web.Features.Fhir.FhirSearch;

namespace CareHub.Web.Features.Fhir;

/// <summary>FHIR Consent: the access grants that let an organization see a member.</summary>
public static class Consents
{
    public static async Task<IResult> ReadConsent(string id, CareHubDbContext db, HttpContext http)
    {
        if (!Guid.TryParse(id, out var gid))
        {
            return NotFound("Consent", id);
        }

        var grant = await VisibleGrants(db, http).FirstOrDefaultAsync(g => g.Id == gid, http.RequestAborted);
        if (grant is null)
        {
            return NotFound("Consent", id);
        }

        var name = await db.Organizations.Where(o => o.Id == grant.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(http.RequestAborted);
        await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync("consent.read", grant.MemberId, http.Request.Path, "fhir", http.RequestAborted);
        return Answer(FhirMapper.ToConsent(grant, name));
    }

    public static async Task<IResult> SearchConsents(HttpRequest request, CareHubDbContext db, AuditTrail audit, string? patient, string? status)
    {
        if (UnknownParameters(request, "patient", "status") is { } unknown)
        {
            return unknown;
        }

        if (ForeignReference(request, (patient, "patient")) is { } foreign)
        {
            return foreign;
        }

        var query = VisibleGrants(db, request.HttpContext);
        if (!string.IsNullOrWhiteSpace(patient))
        {
            if (ReferenceId(patient, "Patient") is not { } pid)
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"'{patient}' is not a Patient reference.", "patient");
            }

            query = query.Where(g => g.MemberId == pid);
        }

        if (status is "active")
        {
            query = query.Where(g => g.RevokedAt == null);
        }
        else if (status is "inactive")
        {
            query = query.Where(g => g.RevokedAt != null);
        }

        var (page, pageError) = await PageAsync(request, query.OrderBy(g => g.GrantedAt).ThenBy(g => g.Id));
        if (page is null)
        {
            return pageError!;
        }

        var organizationIds = page.Items.Select(g => g.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, request.HttpContext.RequestAborted);
        await audit.RecordShownAsync("consent.search", page.Items.Select(g => g.MemberId), request.Path + request.QueryString,
            $"fhir; results={page.Items.Count} of {page.Total}", request.HttpContext.RequestAborted);
        return Answer(SearchSet(request, page.Items.Select(g => FhirMapper.ToConsent(g, names.GetValueOrDefault(g.OrganizationId))), null, page.Total, page.Offset, page.Count));
    }

    /// <summary>Grants of members the caller sees; a provider or CBO sees only its own grants.</summary>
    private static IQueryable<CareHub.Members.MemberAccessGrant> VisibleGrants(CareHubDbContext db, HttpContext http)
    {
        var org = http.User.GetOrganizationId();
        var query = db.MemberAccessGrants.AsNoTracking().Where(g => db.Members.Any(m => m.Id == g.MemberId));
        return http.User.GetOrganizationType() == OrganizationType.Plan ? query : query.Where(g => g.OrganizationId == org);
    }
}
