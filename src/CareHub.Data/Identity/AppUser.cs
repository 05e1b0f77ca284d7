using Microsoft.AspNetCore.Identity;

namespace CareHub.Data.Identity;

/// <summary>A person who signs in. Every user belongs to exactly one organization.</summary>
public sealed class AppUser : IdentityUser
{
    public Guid OrganizationId { get; set; }
    public string DisplayName { get; set; } = "";
}
