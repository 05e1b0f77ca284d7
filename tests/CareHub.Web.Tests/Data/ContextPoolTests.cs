using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Data;

/// <summary>Database contexts are pooled: each one handed out serves its own caller, and one given back reads for nobody.</summary>
public sealed class ContextPoolTests
{
    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.Postgres)]
    public async Task APooledContext_TakesEachRequestsCaller_AndForgetsItWhenGivenBack(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddCareHubData(database.Settings);
        services.AddScoped<IAccessScope>(_ => new FixedAccessScope(Guid.NewGuid(), OrganizationType.Plan, UserName: "cm@example.org"));
        await using var container = services.BuildServiceProvider();

        CareHubDbContext first;
        IAccessScope firstCaller;
        await using (var request = container.CreateAsyncScope())
        {
            first = request.ServiceProvider.GetRequiredService<CareHubDbContext>();
            firstCaller = request.ServiceProvider.GetRequiredService<IAccessScope>();
            first.Scope.ShouldBeSameAs(firstCaller);
            Should.Throw<InvalidOperationException>(() => first.Scope = SystemAccessScope.Instance, "a context's caller is set once");
        }

        Should.Throw<InvalidOperationException>(() => first.Scope, "a context given back has no caller");

        await using (var request = container.CreateAsyncScope())
        {
            var second = request.ServiceProvider.GetRequiredService<CareHubDbContext>();
            second.ShouldBeSameAs(first, "the context came back from the pool");
            second.Scope.ShouldBeSameAs(request.ServiceProvider.GetRequiredService<IAccessScope>());
            second.Scope.ShouldNotBeSameAs(firstCaller);
        }
    }
}
