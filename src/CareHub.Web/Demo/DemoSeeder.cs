using CareHub.Data;
using CareHub.Data.Identity;
using CareHub.Demo;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Demo;

public sealed class DemoOptions
{
    public bool Enabled { get; set; }
    public int Members { get; set; } = 3000;
    public int Seed { get; set; } = 20220101;
}

/// <summary>
/// Seeds the demo data set and demo accounts into an empty database. Runs only in demo mode and only once
/// (when the database has no organizations). Features add their own demo data through
/// <see cref="IDemoDataContributor"/>.
/// </summary>
public sealed class DemoSeeder(
    CareHubDbContext db,
    UserAdministration users,
    TimeProvider clock,
    IEnumerable<IDemoDataContributor> contributors,
    ILogger<DemoSeeder> log)
{
    public async Task SeedAsync(DemoOptions options, CancellationToken ct = default)
    {
        if (await db.Organizations.AnyAsync(ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        log.LogInformation("Seeding demo data: {Members} members (seed {Seed})", options.Members, options.Seed);
        var data = DemoDataGenerator.Generate(options.Members, options.Seed, today, now);

        db.Organizations.AddRange(data.Organizations);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in data.Members.Chunk(1000))
        {
            db.Members.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        foreach (var chunk in data.EnrollmentSpans.Chunk(2000))
        {
            db.EnrollmentSpans.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        foreach (var chunk in data.Encounters.Chunk(5000))
        {
            db.Encounters.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;

        await users.EnsureRolesAsync();
        foreach (var account in DemoAccounts.All)
        {
            var (user, errors) = await users.CreateUserAsync(account.Email, DemoAccounts.Password, account.Role, account.Organization(data).Id, account.DisplayName);
            if (user is null)
            {
                throw new InvalidOperationException($"Demo account {account.Email}: {string.Join("; ", errors)}");
            }
        }

        foreach (var contributor in contributors.OrderBy(c => c.Order))
        {
            await contributor.SeedAsync(data, ct);
            db.ChangeTracker.Clear();
        }

        log.LogInformation("Demo data ready: {Orgs} organizations, {Members} members, {Encounters} encounters, {Accounts} demo accounts",
            data.Organizations.Count(), data.Members.Count, data.Encounters.Count, DemoAccounts.All.Count);
    }
}

/// <summary>A feature's own demo data, added after the base data set and the demo accounts exist.</summary>
public interface IDemoDataContributor
{
    /// <summary>Lower runs first.</summary>
    int Order { get; }

    Task SeedAsync(DemoDataSet data, CancellationToken ct);
}
