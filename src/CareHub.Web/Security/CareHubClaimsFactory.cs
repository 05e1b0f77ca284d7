using System.Security.Claims;
using CareHub.Data;
using CareHub.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Security;

/// <summary>Adds the user's organization (id and type) and display name to the sign-in claims.</summary>
public sealed class CareHubClaimsFactory(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    CareHubDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == user.OrganizationId);
        identity.AddClaim(new Claim(CareHubClaims.OrganizationId, org.Id.ToString()));
        identity.AddClaim(new Claim(CareHubClaims.OrganizationType, org.Type.ToString()));
        identity.AddClaim(new Claim(CareHubClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        return identity;
    }
}
