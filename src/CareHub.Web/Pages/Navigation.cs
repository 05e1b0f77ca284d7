using CareHub.Common;

namespace CareHub.Web.Pages;

/// <summary>The main navigation for each role, in the order of the role's day: members and work first, reference
/// pages next, settings last. Features add their entries here.</summary>
public static class Navigation
{
    public sealed record Item(string Label, string Href);

    private static readonly Item Home = new("Home", "/");
    private static readonly Item Catalog = new("Catalog", "/catalog");
    private static readonly Item Organizations = new("Organizations", "/organizations");

    public static IReadOnlyList<Item> For(string? role) => role switch
    {
        Roles.PlanAdmin =>
        [
            Home, new("Members", "/members"), new("Identification", "/identification"), new("ECM", "/ecm"), new("Worklist", "/ecm/worklist"),
            new("Authorizations", "/referrals/queue"), new("Referrals", "/referrals"), Catalog, new("Offerings", "/catalog/offerings"),
            Organizations, new("API keys", "/apikeys"), new("Webhooks", "/referrals/webhooks"),
        ],
        Roles.PlanCareManager =>
        [
            Home, new("Members", "/members"), new("Identification", "/identification"), new("ECM", "/ecm"), new("Worklist", "/ecm/worklist"),
            new("Authorizations", "/referrals/queue"), new("Referrals", "/referrals"), Catalog, Organizations,
        ],
        Roles.EcmProviderStaff =>
        [
            Home, new("My members", "/members"), new("ECM caseload", "/ecm"), new("Worklist", "/ecm/worklist"), new("Referrals", "/referrals"),
            Catalog, Organizations,
        ],
        Roles.CsProviderStaff => [Home, new("Workspace", "/referrals/workspace"), new("Members", "/members"), Catalog, Organizations],
        Roles.Auditor => [Home, new("Audit trail", "/audit"), Catalog, Organizations],
        _ => [],
    };
}
