using CareHub.Common;

namespace CareHub.Web.Pages.Ecm;

/// <summary>The ECM entries of the main navigation, placed after the members (and identification) entries.</summary>
public static class EcmNavigation
{
    public static IReadOnlyList<Navigation.Item> AddTo(string? role, IReadOnlyList<Navigation.Item> items)
    {
        Navigation.Item[] ecm = role switch
        {
            Roles.PlanAdmin or Roles.PlanCareManager => [new("ECM", "/ecm"), new("Worklist", "/ecm/worklist")],
            Roles.EcmProviderStaff => [new("ECM caseload", "/ecm"), new("Worklist", "/ecm/worklist")],
            _ => [],
        };
        if (ecm.Length == 0)
        {
            return items;
        }

        var list = items.ToList();
        var after = list.FindLastIndex(i => i.Href is "/members" or "/identification");
        list.InsertRange(after < 0 ? list.Count : after + 1, ecm);
        return list;
    }
}
