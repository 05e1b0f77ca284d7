using System.CommandLine;
using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Identity;
using CareHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Cli.Admin;

internal static class AdminCommands
{
    public static Command Create()
    {
        var admin = new Command("admin", "Organizations and user accounts (production set-up: create the first administrator here).");

        var createUser = new Command("create-user", "Create a user account in an organization (creates the organization if it does not exist).");
        var email = new Option<string>("--email") { Description = "E-mail address, also the user name.", Required = true };
        var password = new Option<string?>("--password") { Description = "Password (default: read CAREHUB_PASSWORD from the environment)." };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var org = new Option<string>("--organization") { Description = "Organization name.", Required = true };
        var orgType = new Option<string?>("--organization-type") { Description = "plan, ecm-provider, cbo or state (default: what the role needs)." };
        var counties = new Option<string[]>("--county") { Description = "County served (repeatable), for a new organization.", AllowMultipleArgumentsPerToken = true };
        foreach (var o in new Option[] { email, password, role, org, orgType, counties })
        {
            createUser.Options.Add(o);
        }

        CliDatabase.AddTo(createUser);
        createUser.SetAction(async (parse, ct) =>
        {
            var roleName = parse.GetValue(role)!;
            if (!Roles.IsKnown(roleName))
            {
                Console.Error.WriteLine($"Unknown role '{roleName}'. Roles: {string.Join(", ", Roles.All)}.");
                return 2;
            }

            var type = Roles.OrganizationTypeFor(roleName);
            var typeText = parse.GetValue(orgType);
            if (typeText is not null && !OrganizationTypes.TryParse(typeText, out type))
            {
                Console.Error.WriteLine($"Unknown organization type '{typeText}'. Use plan, ecm-provider, cbo or state.");
                return 2;
            }

            var secret = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("CAREHUB_PASSWORD");
            if (string.IsNullOrEmpty(secret))
            {
                Console.Error.WriteLine("Give a password with --password or the CAREHUB_PASSWORD environment variable.");
                return 2;
            }

            var settings = CliDatabase.Resolve(parse);
            await using var services = BuildServices(settings);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CareHubDbContext>();
            await db.MigrateAsync(ct);
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var organization = await admin.EnsureOrganizationAsync(parse.GetValue(org)!, type, parse.GetValue(counties));
            var (user, errors) = await admin.CreateUserAsync(parse.GetValue(email)!, secret, roleName, organization.Id);
            if (user is null)
            {
                foreach (var e in errors)
                {
                    Console.Error.WriteLine(e);
                }

                return 1;
            }

            Console.WriteLine($"Created {user.Email} ({roleName}) in {organization.Name} [{organization.Id}].");
            return 0;
        });
        admin.Subcommands.Add(createUser);
        admin.Subcommands.Add(CreateApiKeyCommand());
        return admin;
    }

    private static Command CreateApiKeyCommand()
    {
        var command = new Command("create-api-key", "Create a long-lived API key for an organization's systems; the key is printed once.");
        var org = new Option<string>("--organization") { Description = "Organization name (exact).", Required = true };
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. the calling system.", Required = true };
        var role = new Option<string>("--role") { Description = "The role the key acts with; must fit the organization's type.", Required = true };
        command.Options.Add(org);
        command.Options.Add(name);
        command.Options.Add(role);
        CliDatabase.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var roleName = parse.GetValue(role)!;
            await using var context = DatabaseSetup.CreateContext(CliDatabase.Resolve(parse));
            await context.MigrateAsync(ct);
            var orgName = parse.GetValue(org)!;
            var organization = await context.Organizations.FirstOrDefaultAsync(o => o.Name == orgName, ct);
            if (organization is null)
            {
                Console.Error.WriteLine($"No organization named '{orgName}'.");
                return 1;
            }

            if (!Roles.IsKnown(roleName) || Roles.OrganizationTypeFor(roleName) != organization.Type)
            {
                Console.Error.WriteLine($"Role '{roleName}' does not fit {organization.Name} ({organization.Type.DisplayName()}).");
                return 2;
            }

            var key = ApiKeys.NewKey();
            context.ApiKeys.Add(new ApiKey
            {
                OrganizationId = organization.Id,
                Name = parse.GetValue(name)!,
                Role = roleName,
                Prefix = key.Prefix,
                SecretHash = key.Hash,
                CreatedAt = DateTimeOffset.UtcNow,
                CreatedBy = "carehub admin",
            });
            await context.SaveChangesAsync(ct);
            Console.WriteLine(key.Key);
            Console.Error.WriteLine($"API key for {organization.Name} ({roleName}); send it as the X-Api-Key header. It is not shown again.");
            return 0;
        });
        return command;
    }

    internal static ServiceProvider BuildServices(DatabaseSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAccessScope>(SystemAccessScope.Instance);
        services.AddSingleton(TimeProvider.System);
        services.AddCareHubData(settings);
        services.AddCareHubIdentityCore();
        services.AddScoped<UserAdministration>();
        return services.BuildServiceProvider();
    }
}
