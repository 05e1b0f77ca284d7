using System.Security.Claims;
using CareHub.Common;

namespace CareHub.Web.Security;

public static class CareHubClaims
{
    public const string OrganizationId = "carehub:org";
    public const string OrganizationType = "carehub:org_type";
    public const string DisplayName = "carehub:name";

    public static Guid? GetOrganizationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(OrganizationId), out var id) ? id : null;

    public static OrganizationType? GetOrganizationType(this ClaimsPrincipal user) =>
        Enum.TryParse<OrganizationType>(user.FindFirstValue(OrganizationType), out var t) ? t : null;

    public static string? GetRole(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);

    public static string GetDisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "";
}
