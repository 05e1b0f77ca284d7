namespace CareHub.Network;

/// <summary>A contract's slice that counts for network adequacy: one provider, one county, one service (an ECM
/// Population of Focus or a Community Support), and the capacity the contract gives (shared by its services).</summary>
public sealed record ContractedService(Guid ProviderId, string County, string Kind, string Code, int Capacity);

/// <summary>Eligible members in a county for a service (from the latest identification run).</summary>
public sealed record EligibleCount(string County, string Kind, string Code, int Eligible);

/// <summary>One row of the adequacy table (wire names are part of the API contract).</summary>
public sealed record AdequacyRow(string County, string Kind, string Code, int Providers, int Capacity, int Eligible, int Shortfall);

/// <summary>
/// Network adequacy per county × service: contracted providers, their capacity (a contract's capacity counts in
/// full for each service it covers: the provider may fill it with any of them), eligible members and the
/// shortfall (eligible minus capacity, never below zero).
/// </summary>
public static class AdequacyMath
{
    public const string EcmKind = "ecm";
    public const string CsKind = "cs";

    public static IReadOnlyList<AdequacyRow> Compute(IEnumerable<ContractedService> contracted, IEnumerable<EligibleCount> eligible)
    {
        var rows = new Dictionary<(string County, string Kind, string Code), (HashSet<Guid> Providers, int Capacity, int Eligible)>();
        foreach (var c in contracted)
        {
            var key = (c.County, c.Kind, c.Code);
            var row = rows.GetValueOrDefault(key, ([], 0, 0));
            row.Providers.Add(c.ProviderId);
            rows[key] = (row.Providers, row.Capacity + Math.Max(0, c.Capacity), row.Eligible);
        }

        foreach (var e in eligible)
        {
            var key = (e.County, e.Kind, e.Code);
            var row = rows.GetValueOrDefault(key, ([], 0, 0));
            rows[key] = (row.Providers, row.Capacity, row.Eligible + e.Eligible);
        }

        return [.. rows.Select(r => new AdequacyRow(r.Key.County, r.Key.Kind, r.Key.Code, r.Value.Providers.Count, r.Value.Capacity, r.Value.Eligible,
                Math.Max(0, r.Value.Eligible - r.Value.Capacity)))
            .OrderBy(r => r.County, StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }
}
