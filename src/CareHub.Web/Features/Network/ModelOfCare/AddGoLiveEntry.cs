using System.ComponentModel.DataAnnotations;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Network;

namespace CareHub.Web.Features.Network;

/// <summary>A go-live schedule entry as the plan sends it: a county of its service area, a Population of Focus or
/// Community Support code of the catalog, and the date it goes live there.</summary>
public sealed record GoLiveRequest(
    [property: MaxLength(ModelOfCareRules.MaxCode)] string? County,
    [property: MaxLength(ModelOfCareRules.MaxCode)] string? Population,
    DateOnly? GoLive)
{
    public GoLiveInput Input => new(County, Population, GoLive);
}

/// <summary>A plan adds a county and population (or Community Support) to its go-live schedule; one it has
/// scheduled already is a conflict.</summary>
public sealed class AddGoLiveEntry(ModelOfCareWriter writer, ProgramCatalog catalog)
{
    public async Task<Outcome<GoLiveView>> HandleAsync(GoLiveRequest request, CancellationToken ct = default)
    {
        if (writer.PlanId is not { } planId)
        {
            return ModelOfCareWriter.NotAPlan<GoLiveView>();
        }

        var (values, errors) = ModelOfCareRules.CheckGoLive(request.Input, await writer.CountiesAsync(planId, ct), catalog, writer.Today);
        if (values is null)
        {
            return Outcome<GoLiveView>.Invalid(errors);
        }

        var name = writer.NameOf(values.Population);
        if (await writer.ScheduledAsync(planId, values, null, ct))
        {
            return Outcome<GoLiveView>.Conflict($"{name} in {values.County} County is in your schedule already; change that entry.");
        }

        var entry = new GoLiveEntry { PlanId = planId, County = values.County, Population = values.Population, GoLive = values.GoLive };
        writer.Add(entry);
        writer.Record(planId, ModelOfCareEvent.GoLive, entry.Id, "add", $"{name} in {entry.County} County from {entry.GoLive:yyyy-MM-dd}",
            $"county={entry.County}; population={entry.Population}; goLive={entry.GoLive:yyyy-MM-dd}");
        return await writer.SaveAsync(Outcome<GoLiveView>.Created(GoLiveView.Of(entry, catalog, writer.Today)), ct);
    }
}
