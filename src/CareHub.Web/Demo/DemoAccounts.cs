using CareHub.Common;

namespace CareHub.Web.Demo;

/// <summary>The demo accounts listed in the README. Demo mode only.</summary>
public static class DemoAccounts
{
    public const string Password = "CareHub!demo1";

    public sealed record Account(string Email, string Role, string DisplayName, Func<CareHub.Demo.DemoDataSet, CareHub.Organizations.Organization> Organization);

    public static readonly IReadOnlyList<Account> All =
    [
        new("planadmin@example.org", Roles.PlanAdmin, "Alex Rivera (plan administrator)", d => d.Plans[0]),
        new("plancm@example.org", Roles.PlanCareManager, "Jordan Lee, RN (plan care manager)", d => d.Plans[0]),
        new("planadmin2@example.org", Roles.PlanAdmin, "Sam Okafor (plan administrator)", d => d.Plans[1]),
        new("ecm@example.org", Roles.EcmProviderStaff, "Maya Chen (lead care manager)", d => d.EcmProviders[0]),
        new("ecm2@example.org", Roles.EcmProviderStaff, "Luis Ortega (lead care manager)", d => d.EcmProviders[1]),
        new("cbo@example.org", Roles.CsProviderStaff, "Dana Brooks (CBO coordinator)", d => d.Cbos[0]),
        new("auditor@example.org", Roles.Auditor, "Pat Morgan (state auditor)", d => d.State),
    ];
}
