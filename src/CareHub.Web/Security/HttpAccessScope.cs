using System.Security.Claims;
using CareHub.Common;

namespace CareHub.Web.Security;

/// <summary>Set in a DI scope that does system work (start-up, background jobs) rather than serve a user.</summary>
public sealed class SystemScopeSwitch
{
    public bool UseSystem { get; set; }
}

/// <summary>The access scope of the current HTTP request's user (or API key). Anonymous requests see nothing.</summary>
public sealed class HttpAccessScope(IHttpContextAccessor accessor, SystemScopeSwitch system) : IAccessScope
{
    private ClaimsPrincipal? User => system.UseSystem ? null : accessor.HttpContext?.User;

    public bool IsUnrestricted => system.UseSystem;
    public Guid? OrganizationId => User?.GetOrganizationId();
    public OrganizationType? OrganizationType => User?.GetOrganizationType();
    public string? UserId => User?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
    public string? UserName => system.UseSystem ? "system" : User?.Identity?.Name;
    public string? Role => User?.GetRole();
    public string? ClientAddress => system.UseSystem ? null : accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
