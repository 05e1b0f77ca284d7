namespace CareHub.Catalog;

/// <summary>A stored plan offering (see <see cref="PlanOffering"/> for the rules). Rows are never deleted: ending an
/// offering sets <see cref="End"/>, and every change is in the audit trail.</summary>
public sealed class PlanOfferingRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public required string County { get; set; }
    public required string CommunitySupportCode { get; set; }
    public DateOnly Start { get; set; }

    /// <summary>Last day offered (inclusive); null while open-ended.</summary>
    public DateOnly? End { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
    public string? ChangedBy { get; set; }

    public PlanOffering ToOffering() => new(PlanId, County, CommunitySupportCode, Start, End);
}

/// <summary>One load of the catalog files into the database. Every distinct release is kept, so the catalog's full
/// history stays queryable.</summary>
public sealed class CatalogRelease
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string CatalogVersion { get; set; }
    public required string ContentHash { get; set; }
    public DateTimeOffset LoadedAt { get; set; }

    /// <summary>The data files' text, as a JSON object keyed by file name.</summary>
    public required string FilesJson { get; set; }
}
