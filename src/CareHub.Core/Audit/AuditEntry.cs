namespace CareHub.Audit;

/// <summary>One append-only record of who read or changed which member's data, when and from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public Guid? OrganizationId { get; set; }
    public Guid? MemberId { get; set; }

    /// <summary>A dotted verb such as <c>member.read</c>, <c>member.list</c>, <c>offering.create</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What was touched (route or entity and id).</summary>
    public string? Target { get; set; }

    /// <summary>The client address.</summary>
    public string? Source { get; set; }

    public string? Detail { get; set; }
}
