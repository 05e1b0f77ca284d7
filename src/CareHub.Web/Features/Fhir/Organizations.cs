using CareHub.Common;
using CareHub.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Features.Fhir.FhirResponses;
using static CareHub.Web.Features.Fhir.FhirSearch;

namespace CareHub.Web.Features.Fhir;

/// <summary>FHIR Organization: the directory of plans, ECM providers, CBOs and the state.</summary>
public static class Organizations
{
    public static async Task<IResult> ReadOrganization(string id, CareHubDbContext db, HttpContext http)
    {
        var org = Guid.TryParse(id, out var orgId) ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, http.RequestAborted) : null;
        return org is null ? NotFound("Organization", id) : Answer(FhirMapper.ToOrganization(org));
    }

    public static async Task<IResult> SearchOrganizations(HttpRequest request, CareHubDbContext db, string? name, string? type, string? _id)
    {
        if (UnknownParameters(request, "name", "type", "_id") is { } unknown)
        {
            return unknown;
        }

        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).ThenBy(o => o.Id).ToListAsync(request.HttpContext.RequestAborted);
        IEnumerable<CareHub.Organizations.Organization> matches = orgs;
        if (!string.IsNullOrWhiteSpace(_id))
        {
            matches = matches.Where(o => _id.Split(',').Contains(o.Id.ToString()));
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            matches = matches.Where(o => o.Name.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(type))
        {
            var code = type.Contains('|', StringComparison.Ordinal) ? type[(type.IndexOf('|', StringComparison.Ordinal) + 1)..] : type;
            var known = Enum.GetValues<OrganizationType>().Any(t => t.ToCode() == code || FhirMapper.HlType(t) == code);
            if (!known)
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"'{type}' is not an organization type (plan, ecm-provider, cbo, state; or pay, prov, cg, govt).", "type");
            }

            matches = matches.Where(o => o.Type.ToCode() == code || FhirMapper.HlType(o.Type) == code);
        }

        var (page, pageError) = Page(request, matches);
        return page is null ? pageError! : Answer(SearchSet(request, page.Items.Select(FhirMapper.ToOrganization), null, page.Total, page.Offset, page.Count));
    }
}
