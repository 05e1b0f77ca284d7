using CareHub.Common;

namespace CareHub.Web.Pages;

/// <summary>The main navigation for each role. Features add their entries here.</summary>
public static class Navigation
{
    public sealed record Item(string Label, string Href);

    public static IReadOnlyList<Item> For(string? role) => Ecm.EcmNavigation.AddTo(role, [.. ForRole(role), .. CommunitySupports(role)]);

    private static IReadOnlyList<Item> ForRole(string? role) => role switch
    {
        Roles.PlanAdmin => [new("Home", "/"), new("Members", "/members"), new("Identification", "/identification"), new("Catalog", "/catalog"), new("Offerings", "/catalog/offerings"), new("Organizations", "/organizations"), new("API keys", "/apikeys")],
        Roles.PlanCareManager => [new("Home", "/"), new("Members", "/members"), new("Identification", "/identification"), new("Catalog", "/catalog"), new("Organizations", "/organizations")],
        Roles.EcmProviderStaff => [new("Home", "/"), new("My members", "/members"), new("Catalog", "/catalog"), new("Organizations", "/organizations")],
        Roles.CsProviderStaff => [new("Home", "/"), new("Members", "/members"), new("Catalog", "/catalog"), new("Organizations", "/organizations")],
        Roles.Auditor => [new("Home", "/"), new("Audit trail", "/audit"), new("Catalog", "/catalog"), new("Organizations", "/organizations")],
        _ => [],
    };

    /// <summary>Community Supports referrals: the plan's queue, referrals sent, the CBO workspace, webhooks.</summary>
    private static IReadOnlyList<Item> CommunitySupports(string? role) => role switch
    {
        Roles.PlanAdmin => [new("Authorizations", "/referrals/queue"), new("Referrals", "/referrals"), new("Webhooks", "/referrals/webhooks")],
        Roles.PlanCareManager => [new("Authorizations", "/referrals/queue"), new("Referrals", "/referrals")],
        Roles.EcmProviderStaff => [new("Referrals", "/referrals")],
        Roles.CsProviderStaff => [new("Workspace", "/referrals/workspace")],
        _ => [],
    };
}
