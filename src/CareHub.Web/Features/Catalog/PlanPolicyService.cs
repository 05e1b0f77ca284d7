using System.Text.Json;
using CareHub.Catalog;
using CareHub.Data;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Catalog;

/// <summary>A plan's policy for a Community Support as the API and the page show it: criteria and limits in the
/// catalog's JSON shape.</summary>
public sealed record PlanPolicyDto(Guid Id, Guid PlanId, string CommunitySupportCode, string CommunitySupportName, DateOnly EffectiveFrom, DateOnly? EffectiveTo,
    JsonElement? Criteria, JsonElement Limits, string Source, string? Notes, DateTimeOffset ChangedAt, string? ChangedBy);

/// <summary>A new plan policy: criteria (a catalog criterion tree) and/or limits (catalog limits), from a date.</summary>
public sealed record PlanPolicyInput(string? CommunitySupportCode, DateOnly? EffectiveFrom, DateOnly? EffectiveTo, JsonElement? Criteria, JsonElement? Limits,
    string? Source, string? Notes);

public sealed record PlanPolicyEnd(DateOnly? EffectiveTo);

/// <summary>
/// Plan policies: a plan narrows a Community Support's criteria or sets its own limits within the state's,
/// effective-dated, with the source. Only the plan's administrators change their own plan's policies; every change
/// is audited. The referral check applies the policy in effect on the request's start date.
/// </summary>
public sealed class PlanPolicyService(CareHubDbContext db, ProgramCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The longest criteria, and the longest limits, as JSON text.</summary>
    public const int MaxJsonLength = 20000;

    public async Task<IReadOnlyList<PlanPolicyDto>> ListAsync(Guid planId, CancellationToken ct = default)
    {
        var rows = await db.Set<PlanPolicyRecord>().AsNoTracking().Where(p => p.PlanId == planId).ToListAsync(ct);
        return [.. rows.OrderBy(p => p.CommunitySupportCode, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom).Select(ToDto)];
    }

    public async Task<(PlanPolicyDto? Policy, IReadOnlyDictionary<string, string[]> Errors)> AddAsync(Guid planId, PlanPolicyInput input, string? by, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var code = input.CommunitySupportCode?.Trim() ?? "";
        if (code.Length == 0)
        {
            errors["communitySupportCode"] = ["communitySupportCode is required (a Community Support code from the catalog)."];
        }

        if (input.EffectiveFrom is null)
        {
            errors["effectiveFrom"] = ["effectiveFrom is required (yyyy-MM-dd)."];
        }

        if (input.Source is { Length: > 1000 } || input.Notes is { Length: > 2000 })
        {
            errors[input.Source is { Length: > 1000 } ? "source" : "notes"] = ["Too long: source up to 1,000 and notes up to 2,000 characters."];
        }

        if ((input.Criteria?.GetRawText().Length ?? 0) > MaxJsonLength || (input.Limits?.GetRawText().Length ?? 0) > MaxJsonLength)
        {
            errors["criteria"] = [$"criteria and limits are limited to {MaxJsonLength:N0} characters of JSON each."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var (criteria, limits, readErrors) = PlanPolicies.Read(input.Criteria, input.Limits);
        if (readErrors.Count > 0)
        {
            return (null, readErrors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var service = catalog.FindCommunitySupport(code);
        var policy = new PlanPolicy(planId, service?.Code ?? code, input.EffectiveFrom!.Value, input.EffectiveTo, criteria, limits!, input.Source?.Trim() ?? "", input.Notes?.Trim());
        var existing = (await db.Set<PlanPolicyRecord>().AsNoTracking().Where(p => p.PlanId == planId).ToListAsync(ct)).Select(p => p.ToPolicy());
        var problems = PlanPolicies.Validate(catalog, policy, existing);
        if (problems.Count > 0)
        {
            return (null, problems.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var record = new PlanPolicyRecord
        {
            PlanId = planId,
            CommunitySupportCode = policy.CommunitySupportCode,
            EffectiveFrom = policy.EffectiveFrom,
            EffectiveTo = policy.EffectiveTo,
            CriteriaJson = criteria is null ? null : PlanPolicies.CriteriaJson(criteria),
            LimitsJson = PlanPolicies.LimitsJson(limits!),
            Source = policy.Source,
            Notes = string.IsNullOrEmpty(policy.Notes) ? null : policy.Notes,
            ChangedAt = clock.GetUtcNow(),
            ChangedBy = by,
        };
        db.Add(record);
        audit.Add("plan-policy.create", null, $"/api/catalog/policies/{record.Id}", $"{record.CommunitySupportCode} from {record.EffectiveFrom:yyyy-MM-dd}; source={record.Source}");
        await db.SaveChangesAsync(ct);
        return (ToDto(record), new Dictionary<string, string[]>());
    }

    /// <summary>Ends a policy on a date (it stays as history); null when the plan has no such policy.</summary>
    public async Task<(PlanPolicyDto? Policy, IReadOnlyDictionary<string, string[]> Errors)> EndAsync(Guid planId, Guid id, DateOnly? end, string? by, CancellationToken ct = default)
    {
        var record = await db.Set<PlanPolicyRecord>().FirstOrDefaultAsync(p => p.Id == id && p.PlanId == planId, ct);
        if (record is null)
        {
            return (null, new Dictionary<string, string[]>());
        }

        if (end is not { } to || to < record.EffectiveFrom || (record.EffectiveTo is { } old && to > old))
        {
            return (null, new Dictionary<string, string[]> { ["effectiveTo"] = [$"effectiveTo must be a date from {record.EffectiveFrom:yyyy-MM-dd}" + (record.EffectiveTo is { } o ? $" to {o:yyyy-MM-dd}" : "") + "."] });
        }

        record.EffectiveTo = to;
        record.ChangedAt = clock.GetUtcNow();
        record.ChangedBy = by;
        audit.Add("plan-policy.end", null, $"/api/catalog/policies/{record.Id}", $"{record.CommunitySupportCode} ends {to:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return (ToDto(record), new Dictionary<string, string[]>());
    }

    private PlanPolicyDto ToDto(PlanPolicyRecord r)
    {
        using var limits = JsonDocument.Parse(r.LimitsJson);
        using var criteria = r.CriteriaJson is null ? null : JsonDocument.Parse(r.CriteriaJson);
        return new(r.Id, r.PlanId, r.CommunitySupportCode, catalog.FindCommunitySupport(r.CommunitySupportCode)?.Name ?? r.CommunitySupportCode,
            r.EffectiveFrom, r.EffectiveTo, criteria?.RootElement.Clone(), limits.RootElement.Clone(), r.Source, r.Notes, r.ChangedAt, r.ChangedBy);
    }
}
