namespace CareHub.Catalog;

/// <summary>
/// One problem found while loading the catalog: the file, the entry (its code) and the field, and why.
/// <see cref="Field"/> is a path inside the entry, such as <c>ruleVersions[0].limits[1].quantity</c>.
/// </summary>
public sealed record CatalogError(string File, string? Entry, string? Field, string Message)
{
    /// <summary><c>community-supports.json: entry 'housing-deposits': field 'ruleVersions[0].limits[0].quantity': must be a positive number</c>.</summary>
    public override string ToString()
    {
        var entry = Entry is null ? "" : $" entry '{Entry}':";
        var field = Field is null ? "" : $" field '{Field}':";
        return $"{File}:{entry}{field} {Message}";
    }
}

/// <summary>The outcome of loading a catalog: either a catalog or the list of problems, never both.</summary>
public sealed record CatalogLoadResult(ProgramCatalog? Catalog, IReadOnlyList<CatalogError> Errors)
{
    public bool Succeeded => Catalog is not null;

    internal static CatalogLoadResult Failed(IReadOnlyList<CatalogError> errors) => new(null, errors);

    internal static CatalogLoadResult Failed(CatalogError error) => new(null, [error]);
}
