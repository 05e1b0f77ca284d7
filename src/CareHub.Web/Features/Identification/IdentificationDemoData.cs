using CareHub.Demo;
using CareHub.Identification;
using CareHub.Web.Demo;

namespace CareHub.Web.Features.Identification;

/// <summary>Demo identification runs: for each plan, one as of three months ago and one as of today, so the run
/// pages, the diff and members' evidence have something to show.</summary>
public sealed class IdentificationDemoData(IdentificationRunner runner, TimeProvider clock) : IDemoDataContributor
{
    private const string Worker = "demo-data";

    public int Order => 20;

    public async Task SeedAsync(DemoDataSet data, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var plan in data.Plans)
        {
            foreach (var asOf in new[] { today.AddMonths(-3), today })
            {
                var run = await runner.QueueAsync(plan.Id, asOf, PopulationRuleSelection.Current, "demo", ct, heldBy: Worker);
                await runner.ExecuteAsync(run.Id, Worker, ct);
            }
        }
    }
}
