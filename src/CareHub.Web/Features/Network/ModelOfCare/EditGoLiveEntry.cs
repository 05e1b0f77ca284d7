using CareHub.Catalog;
using CareHub.Common;
using CareHub.Network;

namespace CareHub.Web.Features.Network;

/// <summary>A plan changes a go-live entry (county, population or Community Support, date; all three are sent). An
/// entry not yet live changes freely; a live one keeps its county and population and its date may only be corrected
/// to another day that has passed.</summary>
public sealed class EditGoLiveEntry(ModelOfCareWriter writer, ProgramCatalog catalog)
{
    public async Task<Outcome<GoLiveView>> HandleAsync(Guid id, GoLiveRequest request, CancellationToken ct = default)
    {
        if (writer.PlanId is not { } planId)
        {
            return ModelOfCareWriter.NotAPlan<GoLiveView>();
        }

        var entry = await writer.FindGoLiveAsync(id, ct);
        if (entry is null)
        {
            return ModelOfCareWriter.GoLiveNotFound<GoLiveView>(id);
        }

        var (values, errors) = ModelOfCareRules.CheckGoLive(request.Input, await writer.CountiesAsync(planId, ct), catalog, writer.Today);
        if (values is null)
        {
            return Outcome<GoLiveView>.Invalid(errors);
        }

        var current = new GoLiveValues(entry.County, entry.Population, entry.GoLive);
        if (ModelOfCareRules.CannotChange(current, values, writer.Today, writer.NameOf(entry.Population)) is { } why)
        {
            return Outcome<GoLiveView>.Conflict(why);
        }

        if (current == values)
        {
            return Outcome<GoLiveView>.Ok(GoLiveView.Of(entry, catalog, writer.Today));
        }

        if (await writer.ScheduledAsync(planId, values, id, ct))
        {
            return Outcome<GoLiveView>.Conflict($"{writer.NameOf(values.Population)} in {values.County} County is in your schedule already.");
        }

        var before = $"{writer.NameOf(entry.Population)} in {entry.County} County from {entry.GoLive:yyyy-MM-dd}";
        entry.County = values.County;
        entry.Population = values.Population;
        entry.GoLive = values.GoLive;
        var after = current with { GoLive = values.GoLive } == values
            ? $"{entry.GoLive:yyyy-MM-dd}"
            : $"{writer.NameOf(entry.Population)} in {entry.County} County from {entry.GoLive:yyyy-MM-dd}";
        writer.Record(planId, ModelOfCareEvent.GoLive, entry.Id, "edit", $"{before} → {after}",
            $"county={entry.County}; population={entry.Population}; goLive={current.GoLive:yyyy-MM-dd}→{entry.GoLive:yyyy-MM-dd}");
        return await writer.SaveAsync(Outcome<GoLiveView>.Ok(GoLiveView.Of(entry, catalog, writer.Today)), ct);
    }
}
