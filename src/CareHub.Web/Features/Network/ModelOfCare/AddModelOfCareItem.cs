using System.ComponentModel.DataAnnotations;
using CareHub.Common;
using CareHub.Network;

namespace CareHub.Web.Features.Network;

/// <summary>A Model of Care deliverable as the plan sends it: the state's question, the page of the template it is on,
/// the response or a link to it, who owns it, comments, and its status (not-started, in-progress, complete).</summary>
public sealed record ModelOfCareItemRequest(
    [property: MaxLength(ModelOfCareRules.MaxQuestion)] string? Question,
    [property: MaxLength(ModelOfCareRules.MaxPage)] string? Page,
    [property: MaxLength(ModelOfCareRules.MaxResponse)] string? Response,
    [property: MaxLength(ModelOfCareRules.MaxOwner)] string? Owner,
    [property: MaxLength(ModelOfCareRules.MaxComments)] string? Comments,
    [property: MaxLength(ModelOfCareRules.MaxCode)] string? Status,
    DateTimeOffset? UpdatedAt = null)
{
    public ModelOfCareItemInput Input => new(Question, Page, Response, Owner, Comments, Status);
}

/// <summary>A plan adds a deliverable to its Model of Care (not-started unless a status is given); a question the
/// plan already tracks is a conflict.</summary>
public sealed class AddModelOfCareItem(ModelOfCareWriter writer)
{
    public async Task<Outcome<ModelOfCareItemView>> HandleAsync(ModelOfCareItemRequest request, CancellationToken ct = default)
    {
        if (writer.PlanId is not { } planId)
        {
            return ModelOfCareWriter.NotAPlan<ModelOfCareItemView>();
        }

        var (values, errors) = ModelOfCareRules.CheckItem(request.Input, ModelOfCareRules.NotStarted);
        if (values is null)
        {
            return Outcome<ModelOfCareItemView>.Invalid(errors);
        }

        if (await writer.SameQuestionAsync(planId, values.Question, null, ct) is { } page)
        {
            return Outcome<ModelOfCareItemView>.Conflict($"Your Model of Care already tracks this question{(page.Length > 0 ? $" ({page})" : "")}; edit that one.");
        }

        if (await writer.ItemCountAsync(planId, ct) >= ModelOfCareRules.MaxItems)
        {
            return Outcome<ModelOfCareItemView>.Conflict($"A Model of Care tracks at most {ModelOfCareRules.MaxItems} deliverables; remove one first.");
        }

        var item = new ModelOfCareItem
        {
            PlanId = planId,
            Question = values.Question,
            Page = values.Page,
            Response = values.Response,
            Owner = values.Owner,
            Comments = values.Comments,
            Status = values.Status,
            UpdatedAt = writer.Now,
        };
        writer.Add(item);
        writer.Record(planId, ModelOfCareEvent.Item, item.Id, "add", $"Added \"{ModelOfCareWriter.Short(item.Question)}\" ({item.Status})", $"status={item.Status}");
        return await writer.SaveAsync(Outcome<ModelOfCareItemView>.Created(ModelOfCareItemView.Of(item)), ct);
    }
}
