using CareHub.Common;
using CareHub.Network;

namespace CareHub.Web.Features.Network;

/// <summary>A plan changes a deliverable: every field is sent (status too); the history names what changed. With
/// <c>updatedAt</c> (the deliverable's as the editor last read it), a deliverable someone saved since is not
/// overwritten: the edit is a conflict.</summary>
public sealed class EditModelOfCareItem(ModelOfCareWriter writer)
{
    public async Task<Outcome<ModelOfCareItemView>> HandleAsync(Guid id, ModelOfCareItemRequest request, CancellationToken ct = default)
    {
        if (writer.PlanId is not { } planId)
        {
            return ModelOfCareWriter.NotAPlan<ModelOfCareItemView>();
        }

        var item = await writer.FindItemAsync(id, ct);
        if (item is null)
        {
            return ModelOfCareWriter.ItemNotFound<ModelOfCareItemView>(id);
        }

        if (request.UpdatedAt is { } seen && seen != item.UpdatedAt)
        {
            return Outcome<ModelOfCareItemView>.Conflict(
                $"Someone saved this deliverable at {item.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, after you opened it. Reload the page to see their change, then make yours again.");
        }

        var (values, errors) = ModelOfCareRules.CheckItem(request.Input, null);
        if (values is null)
        {
            return Outcome<ModelOfCareItemView>.Invalid(errors);
        }

        if (await writer.SameQuestionAsync(planId, values.Question, id, ct) is { } page)
        {
            return Outcome<ModelOfCareItemView>.Conflict($"Another deliverable of your Model of Care asks this question{(page.Length > 0 ? $" ({page})" : "")}.");
        }

        var changed = new List<string>();
        if (item.Question != values.Question) { changed.Add("question"); }
        if (item.Page != values.Page) { changed.Add("page"); }
        if (item.Response != values.Response) { changed.Add("response"); }
        if (item.Owner != values.Owner) { changed.Add($"owner {item.Owner ?? "none"} → {values.Owner ?? "none"}"); }
        if (item.Comments != values.Comments) { changed.Add("comments"); }
        if (item.Status != values.Status) { changed.Add($"status {item.Status} → {values.Status}"); }
        if (changed.Count == 0)
        {
            return Outcome<ModelOfCareItemView>.Ok(ModelOfCareItemView.Of(item));
        }

        item.Question = values.Question;
        item.Page = values.Page;
        item.Response = values.Response;
        item.Owner = values.Owner;
        item.Comments = values.Comments;
        item.Status = values.Status;
        item.UpdatedAt = writer.Now;
        writer.Record(planId, ModelOfCareEvent.Item, item.Id, "edit", $"\"{ModelOfCareWriter.Short(item.Question)}\": {string.Join("; ", changed)}",
            $"changed={string.Join(",", changed.Select(c => c.Split(' ')[0]))}; status={item.Status}");
        return await writer.SaveAsync(Outcome<ModelOfCareItemView>.Ok(ModelOfCareItemView.Of(item)), ct);
    }
}
