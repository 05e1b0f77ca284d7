using CareHub.Common;
using CareHub.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Data.Identity;

public static class IdentitySetup
{
    /// <summary>Password, lockout and user rules shared by the web app and the CLI.</summary>
    public static void Configure(IdentityOptions o)
    {
        o.Password.RequiredLength = 10;
        o.Password.RequireDigit = true;
        o.Password.RequireNonAlphanumeric = true;
        o.Password.RequireUppercase = true;
        o.Password.RequireLowercase = true;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.User.RequireUniqueEmail = true;
        o.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>Identity without the web sign-in parts, for the CLI and seeding.</summary>
    public static IServiceCollection AddCareHubIdentityCore(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(Configure)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CareHubDbContext>();
        return services;
    }
}

/// <summary>Creates users with a role in an organization, checking that the role fits the organization.</summary>
public sealed class UserAdministration(CareHubDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>Creates the user, or returns the errors that prevented it (in plain words).</summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateUserAsync(
        string email, string password, string role, Guid organizationId, string? displayName = null)
    {
        if (!Roles.IsKnown(role))
        {
            return (null, [$"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}."]);
        }

        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId);
        if (org is null)
        {
            return (null, [$"No organization with id {organizationId}."]);
        }

        var expected = Roles.OrganizationTypeFor(role);
        if (org.Type != expected)
        {
            return (null, [$"Role {role} belongs to a {expected.DisplayName()} organization, but {org.Name} is a {org.Type.DisplayName()}."]);
        }

        await EnsureRolesAsync();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            OrganizationId = organizationId,
            DisplayName = displayName ?? email,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, created.Errors.Select(e => e.Description).ToList());
        }

        await users.AddToRoleAsync(user, role);
        return (user, []);
    }

    public async Task<Organization> EnsureOrganizationAsync(string name, OrganizationType type, IEnumerable<string>? counties = null)
    {
        var existing = await db.Organizations.FirstOrDefaultAsync(o => o.Name == name && o.Type == type);
        if (existing is not null)
        {
            return existing;
        }

        var org = new Organization { Name = name, Type = type, Counties = counties?.ToList() ?? [], CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        return org;
    }
}
