using System.Text.Json;

namespace CareHub.Catalog;

/// <summary>A plan's stored policy for one Community Support (see <see cref="PlanPolicy"/>): criteria and limits
/// as JSON in the catalog's shape, the period, the source, and who changed it last.</summary>
public sealed class PlanPolicyRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public required string CommunitySupportCode { get; set; }
    public DateOnly EffectiveFrom { get; set; }

    /// <summary>Last day in effect (inclusive); null while open-ended.</summary>
    public DateOnly? EffectiveTo { get; set; }

    /// <summary>The plan's criteria (a criterion tree), applied in addition to the state's; null = the state's only.</summary>
    public string? CriteriaJson { get; set; }

    /// <summary>The plan's limits (an array of catalog limits); "[]" when the plan keeps the state's limits.</summary>
    public string LimitsJson { get; set; } = "[]";
    public required string Source { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string? ChangedBy { get; set; }

    public PlanPolicy ToPolicy()
    {
        using var criteria = CriteriaJson is null ? null : JsonDocument.Parse(CriteriaJson);
        using var limits = JsonDocument.Parse(LimitsJson);
        var (c, l, _) = PlanPolicies.Read(criteria?.RootElement, limits.RootElement);
        return new PlanPolicy(PlanId, CommunitySupportCode, EffectiveFrom, EffectiveTo, c, l ?? [], Source, Notes);
    }
}
