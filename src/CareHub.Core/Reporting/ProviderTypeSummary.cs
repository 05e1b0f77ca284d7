using CareHub.Network;

namespace CareHub.Reporting;

/// <summary>One ECM provider as the quarterly report counts it: its registry type, the capacity the plan contracted
/// for the quarter (or the capacity it declared where the plan has no contract), and the plan's members with it.</summary>
public sealed record ProviderLoad(string? ProviderType, int? Capacity, int AssignedAtEnd, int EnrolledAtEnd);

/// <summary>ECM providers of one type: how many, their capacity and the plan's members with them at quarter end.</summary>
public sealed record ProviderTypeRow(string ProviderType, string Label, int Providers, int Capacity, int ProvidersWithoutCapacity, int AssignedAtEnd, int EnrolledAtEnd);

public static class ProviderTypeSummary
{
    /// <summary>The code a provider without a registry type is counted under.</summary>
    public const string Unspecified = "unspecified";

    /// <summary>Providers grouped by type, the types in the order of <see cref="ProviderTypes.Ecm"/>, then any other.</summary>
    public static IReadOnlyList<ProviderTypeRow> ByType(IEnumerable<ProviderLoad> providers)
    {
        var order = ProviderTypes.Ecm.Keys.Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.Ordinal);
        return [.. providers
            .GroupBy(p => string.IsNullOrWhiteSpace(p.ProviderType) ? Unspecified : p.ProviderType.Trim(), StringComparer.Ordinal)
            .Select(g => new ProviderTypeRow(g.Key, g.Key == Unspecified ? "Type not recorded" : ProviderTypes.Label(g.Key), g.Count(),
                g.Sum(p => p.Capacity ?? 0), g.Count(p => p.Capacity is null), g.Sum(p => p.AssignedAtEnd), g.Sum(p => p.EnrolledAtEnd)))
            .OrderBy(r => order.GetValueOrDefault(r.ProviderType, int.MaxValue))
            .ThenBy(r => r.ProviderType, StringComparer.Ordinal)];
    }
}
