using CareHub.Common;

namespace CareHub.Web.Pages;

/// <summary>The main navigation for each role, in the order of the role's day: members and work first, reference
/// pages next, settings last. Features add their entries here.</summary>
public static class Navigation
{
    public sealed record Item(string Label, string Href);

    private static readonly Item _home = new("Home", "/");
    private static readonly Item _catalog = new("Catalog", "/catalog");
    private static readonly Item _organizations = new("Organizations", "/organizations");

    public static IReadOnlyList<Item> For(string? role) => role switch
    {
        Roles.PlanAdmin =>
        [
            _home, new("Members", "/members"), new("Identification", "/identification"), new("ECM", "/ecm"), new("Worklist", "/ecm/worklist"),
            new("Authorizations", "/referrals/queue"), new("Referrals", "/referrals"), new("Reports", "/reports"), _catalog, new("Offerings", "/catalog/offerings"),
            new("Plan policies", "/catalog/policies"), new("Network", "/network"), new("Billing", "/billing"), new("Data exchange", "/exchange"), _organizations,
            new("API keys", "/apikeys"), new("Webhooks", "/referrals/webhooks"),
        ],
        Roles.PlanCareManager =>
        [
            _home, new("Members", "/members"), new("Identification", "/identification"), new("ECM", "/ecm"), new("Worklist", "/ecm/worklist"),
            new("Authorizations", "/referrals/queue"), new("Referrals", "/referrals"), new("Reports", "/reports"), new("Network", "/network"),
            new("Billing", "/billing"), _catalog, _organizations,
        ],
        Roles.EcmProviderStaff =>
        [
            _home, new("All plans", "/network/workspace"), new("My members", "/members"), new("ECM caseload", "/ecm"), new("Worklist", "/ecm/worklist"),
            new("Referrals", "/referrals"), new("Data exchange", "/exchange"), new("Certification", "/network"), _catalog, _organizations,
        ],
        Roles.CsProviderStaff =>
        [
            _home, new("All plans", "/network/workspace"), new("Workspace", "/referrals/workspace"), new("Members", "/members"), new("Billing", "/billing"),
            new("Certification", "/network"), _catalog, _organizations,
        ],
        Roles.Auditor => [_home, new("Audit trail", "/audit"), _catalog, _organizations],
        _ => [],
    };
}
