using CareHub.Common;

namespace CareHub.Organizations;

/// <summary>A plan, an ECM provider, a CBO (Community Supports provider) or the state.</summary>
public sealed class Organization
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public OrganizationType Type { get; set; }

    /// <summary>Counties the organization serves (plans: counties it contracts for).</summary>
    public List<string> Counties { get; set; } = [];

    /// <summary>Members an ECM provider or CBO can take on at once; null when not tracked.</summary>
    public int? Capacity { get; set; }

    /// <summary>Languages spoken by the organization's staff (ISO 639-1 codes or names).</summary>
    public List<string> Languages { get; set; } = [];

    public string? Npi { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
