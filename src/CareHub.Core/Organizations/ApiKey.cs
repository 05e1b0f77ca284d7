namespace CareHub.Organizations;

/// <summary>A long-lived key an organization's systems use to call the API. Only a hash of the secret is kept.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Name { get; set; }

    /// <summary>The role the key acts with; one the organization's users may hold.</summary>
    public required string Role { get; set; }

    /// <summary>The first characters of the key, shown to tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
