using CareHub.Common;

namespace CareHub.Cli.Exchange;

/// <summary>
/// The scope a batch job acts in: one organization, with the role its staff use for these files, so the command line
/// sees and changes exactly what that organization's users would through the web app (query filters, checks, audit).
/// </summary>
internal sealed class OrganizationScope(Guid organizationId, OrganizationType type) : IAccessScope
{
    public const string User = "carehub exchange (command line)";

    public bool IsUnrestricted => false;
    public Guid? OrganizationId => organizationId;
    public OrganizationType? OrganizationType => type;
    public string? UserId => null;
    public string? UserName => User;

    public string? Role => type switch
    {
        Common.OrganizationType.Plan => Roles.PlanAdmin,
        Common.OrganizationType.EcmProvider => Roles.EcmProviderStaff,
        Common.OrganizationType.Cbo => Roles.CsProviderStaff,
        _ => Roles.Auditor,
    };

    public string? ClientAddress => "command line";
}
