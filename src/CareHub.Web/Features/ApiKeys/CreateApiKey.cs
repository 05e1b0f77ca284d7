using CareHub.Common;
using CareHub.Organizations;

namespace CareHub.Web.Features.ApiKeys;

/// <summary>A new key for one of the plan's systems: its name and the role it acts with (PlanCareManager when not
/// given).</summary>
public sealed record NewApiKeyInput(string? Name, string? Role);

/// <summary>The key made, with the key itself, which is shown only this once.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Role, string Key);

/// <summary>A plan administrator creates an API key for one of the plan's systems.</summary>
public sealed class CreateApiKey(ApiKeyWriter writer)
{
    public async Task<Outcome<CreatedApiKey>> HandleAsync(NewApiKeyInput input, Func<Guid, string> target, CancellationToken ct = default)
    {
        if (writer.PlanId is not { } planId)
        {
            return ApiKeyWriter.NotAPlan<CreatedApiKey>();
        }

        var role = input.Role ?? Roles.PlanCareManager;
        if (CareHub.Organizations.ApiKeys.Check(input.Name, role) is { Count: > 0 } errors)
        {
            return Outcome<CreatedApiKey>.Invalid(errors);
        }

        var (key, prefix, hash) = CareHub.Organizations.ApiKeys.NewKey();
        var apiKey = new ApiKey
        {
            OrganizationId = planId,
            Name = input.Name!.Trim(),
            Role = role,
            Prefix = prefix,
            SecretHash = hash,
            CreatedAt = writer.Now,
            CreatedBy = writer.UserName,
        };
        writer.Add(apiKey, target(apiKey.Id));
        return await writer.SaveAsync(Outcome<CreatedApiKey>.Created(new CreatedApiKey(apiKey.Id, apiKey.Name, role, key)), null, ct);
    }
}
