namespace CareHub.Common;

/// <summary>The five user roles. Names are part of the product's contract (claims, API, docs).</summary>
public static class Roles
{
    public const string PlanAdmin = "PlanAdmin";
    public const string PlanCareManager = "PlanCareManager";
    public const string EcmProviderStaff = "EcmProviderStaff";
    public const string CsProviderStaff = "CsProviderStaff";
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All =
        [PlanAdmin, PlanCareManager, EcmProviderStaff, CsProviderStaff, Auditor];

    /// <summary>Roles that belong to a plan organization.</summary>
    public const string PlanRoles = PlanAdmin + "," + PlanCareManager;

    /// <summary>Roles allowed to see member data at all (each still limited to its organization's members).</summary>
    public const string MemberViewers = PlanAdmin + "," + PlanCareManager + "," + EcmProviderStaff + "," + CsProviderStaff;

    /// <summary>The organization type a role's users must belong to.</summary>
    public static OrganizationType OrganizationTypeFor(string role) => role switch
    {
        PlanAdmin or PlanCareManager => OrganizationType.Plan,
        EcmProviderStaff => OrganizationType.EcmProvider,
        CsProviderStaff => OrganizationType.Cbo,
        Auditor => OrganizationType.State,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    public static bool IsKnown(string role) => All.Contains(role);
}
