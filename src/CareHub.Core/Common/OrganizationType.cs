namespace CareHub.Common;

/// <summary>What kind of organization a user or API client belongs to.</summary>
public enum OrganizationType
{
    Plan = 1,
    EcmProvider = 2,
    Cbo = 3,
    State = 4,
}

public static class OrganizationTypes
{
    /// <summary>The wire name used by the API (<c>plan</c>, <c>ecm-provider</c>, <c>cbo</c>, <c>state</c>).</summary>
    public static string ToCode(this OrganizationType type) => type switch
    {
        OrganizationType.Plan => "plan",
        OrganizationType.EcmProvider => "ecm-provider",
        OrganizationType.Cbo => "cbo",
        OrganizationType.State => "state",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? code, out OrganizationType type)
    {
        switch (code?.Trim().ToLowerInvariant())
        {
            case "plan": type = OrganizationType.Plan; return true;
            case "ecm-provider": type = OrganizationType.EcmProvider; return true;
            case "cbo": type = OrganizationType.Cbo; return true;
            case "state": type = OrganizationType.State; return true;
            default: type = default; return false;
        }
    }

    public static string DisplayName(this OrganizationType type) => type switch
    {
        OrganizationType.Plan => "Managed care plan",
        OrganizationType.EcmProvider => "ECM provider",
        OrganizationType.Cbo => "Community Supports provider (CBO)",
        OrganizationType.State => "State",
        _ => type.ToString(),
    };
}
