using CareHub.Demo;
using CareHub.Web.Demo;

namespace CareHub.Web.Features.Ecm;

/// <summary>Demo ECM cases.</summary>
public sealed class EcmDemoData : IDemoDataContributor
{
    public int Order => 40;

    public Task SeedAsync(DemoDataSet data, CancellationToken ct) => Task.CompletedTask;
}
