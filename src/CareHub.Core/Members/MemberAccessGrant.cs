namespace CareHub.Members;

/// <summary>
/// Lets an organization other than the enrolling plan see a member: an ECM provider the member is assigned to,
/// a CBO the member is referred to. Grants are the only way a provider or CBO sees a member; they are written by
/// the features that create those links and end when the link ends.
/// </summary>
public sealed class MemberAccessGrant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }
    public Guid OrganizationId { get; set; }

    /// <summary>Why the grant exists, e.g. <c>ecm-assignment</c> or <c>cs-referral</c>.</summary>
    public required string Reason { get; set; }

    /// <summary>The id of the case, referral or authorization behind the grant.</summary>
    public Guid? SourceId { get; set; }

    public DateTimeOffset GrantedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
