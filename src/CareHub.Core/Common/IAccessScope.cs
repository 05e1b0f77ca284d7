namespace CareHub.Common;

/// <summary>
/// Who is asking: the organization whose data a query may return. The data layer applies it to every query of
/// member data, so a page or endpoint that forgets a check still cannot return another organization's members.
/// </summary>
public interface IAccessScope
{
    /// <summary>True only for trusted system work (migrations, seeding, batch jobs run from the CLI).</summary>
    bool IsUnrestricted { get; }

    Guid? OrganizationId { get; }
    OrganizationType? OrganizationType { get; }
    string? UserId { get; }
    string? UserName { get; }
    string? Role { get; }

    /// <summary>The client's address, for the audit trail.</summary>
    string? ClientAddress { get; }
}

/// <summary>Unrestricted scope for system work outside any user's request.</summary>
public sealed class SystemAccessScope : IAccessScope
{
    public static readonly SystemAccessScope Instance = new();
    public bool IsUnrestricted => true;
    public Guid? OrganizationId => null;
    public OrganizationType? OrganizationType => null;
    public string? UserId => null;
    public string? UserName => "system";
    public string? Role => null;
    public string? ClientAddress => null;
}

/// <summary>A fixed scope, for tests and for background work done on an organization's behalf.</summary>
public sealed record FixedAccessScope(
    Guid? OrganizationId,
    OrganizationType? OrganizationType,
    string? UserId = null,
    string? UserName = null,
    string? Role = null,
    string? ClientAddress = null) : IAccessScope
{
    public bool IsUnrestricted => false;
}
