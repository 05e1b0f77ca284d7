using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Testing;
using CareHub.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CareHub.Web.Tests.Data;

/// <summary>Organization names are kept for a minute, but an organization added meanwhile is named at once.</summary>
public abstract class OrganizationNamesTests(TestProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Names_AreReadAgain_ForAnUnknownOrganization_OrAfterAMinute()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = DatabaseSetup.CreateContext(database.Settings);
        await db.Database.MigrateAsync(Ct);
        var plan = Organization("North Plan");
        db.Organizations.Add(plan);
        await db.SaveChangesAsync(Ct);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var names = new OrganizationNames(clock);

        (await names.ForAsync(db, [plan.Id], Ct))[plan.Id].ShouldBe("North Plan");

        var cbo = Organization("Harbor Housing");
        db.Organizations.Add(cbo);
        await db.SaveChangesAsync(Ct);
        (await names.ForAsync(db, [plan.Id, cbo.Id], Ct))[cbo.Id].ShouldBe("Harbor Housing", "a new organization is read at once");

        await db.Organizations.Where(o => o.Id == plan.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, "North Health Plan"), Ct);
        (await names.ForAsync(db, [plan.Id], Ct))[plan.Id].ShouldBe("North Plan", "names are kept for a minute");
        clock.Advance(OrganizationNames.KeptFor);
        (await names.ForAsync(db, [plan.Id], Ct))[plan.Id].ShouldBe("North Health Plan");
    }

    private static Organization Organization(string name) =>
        new() { Name = name, Type = OrganizationType.Plan, Counties = ["Kern"], CreatedAt = DateTimeOffset.UtcNow };
}

public sealed class OrganizationNamesTests_Sqlite() : OrganizationNamesTests(TestProvider.Sqlite);

public sealed class OrganizationNamesTests_Postgres() : OrganizationNamesTests(TestProvider.Postgres);
