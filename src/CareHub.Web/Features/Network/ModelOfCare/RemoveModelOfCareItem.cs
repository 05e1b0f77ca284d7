using CareHub.Common;
using CareHub.Network;

namespace CareHub.Web.Features.Network;

/// <summary>A plan removes a deliverable from its Model of Care; the history keeps its question.</summary>
public sealed class RemoveModelOfCareItem(ModelOfCareWriter writer)
{
    public async Task<Outcome<IdResponse>> HandleAsync(Guid id, CancellationToken ct = default)
    {
        if (writer.PlanId is not { } planId)
        {
            return ModelOfCareWriter.NotAPlan<IdResponse>();
        }

        var item = await writer.FindItemAsync(id, ct);
        if (item is null)
        {
            return ModelOfCareWriter.ItemNotFound<IdResponse>(id);
        }

        writer.Remove(item);
        writer.Record(planId, ModelOfCareEvent.Item, item.Id, "remove", $"Removed \"{ModelOfCareWriter.Short(item.Question)}\" ({item.Status})", $"status={item.Status}");
        return await writer.SaveAsync(Outcome<IdResponse>.Ok(new IdResponse(id)), ct);
    }
}
