using CareHub.Common;
using CareHub.Network;

namespace CareHub.Web.Features.Network;

/// <summary>A plan removes a go-live entry that is not live yet; a live one stays in the schedule.</summary>
public sealed class RemoveGoLiveEntry(ModelOfCareWriter writer)
{
    public async Task<Outcome<IdResponse>> HandleAsync(Guid id, CancellationToken ct = default)
    {
        if (writer.PlanId is not { } planId)
        {
            return ModelOfCareWriter.NotAPlan<IdResponse>();
        }

        var entry = await writer.FindGoLiveAsync(id, ct);
        if (entry is null)
        {
            return ModelOfCareWriter.GoLiveNotFound<IdResponse>(id);
        }

        var name = writer.NameOf(entry.Population);
        if (ModelOfCareRules.CannotChange(new GoLiveValues(entry.County, entry.Population, entry.GoLive), null, writer.Today, name) is { } why)
        {
            return Outcome<IdResponse>.Conflict(why);
        }

        writer.Remove(entry);
        writer.Record(planId, ModelOfCareEvent.GoLive, entry.Id, "remove", $"Removed {name} in {entry.County} County from {entry.GoLive:yyyy-MM-dd}",
            $"county={entry.County}; population={entry.Population}; goLive={entry.GoLive:yyyy-MM-dd}");
        return await writer.SaveAsync(Outcome<IdResponse>.Ok(new IdResponse(id)), ct);
    }
}
