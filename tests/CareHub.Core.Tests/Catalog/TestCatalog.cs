using CareHub.Catalog;

namespace CareHub.Core.Tests.Catalog;

/// <summary>The embedded catalog, loaded once for the tests that only read it, and helpers for bad-file tests.</summary>
internal static class TestCatalog
{
    private static readonly Lazy<ProgramCatalog> _embedded = new(() =>
    {
        var result = CatalogLoader.LoadEmbedded();
        return result.Catalog ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
    });

    public static ProgramCatalog Embedded => _embedded.Value;

    public static DateOnly Date(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A temporary catalog directory holding the embedded files, one of which a test replaces.</summary>
internal sealed class CatalogDirectory : IDisposable
{
    public CatalogDirectory()
    {
        Path = Directory.CreateTempSubdirectory("carehub-catalog-").FullName;
        foreach (var name in CatalogLoader.DataFiles)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, name), CatalogLoader.ReadEmbeddedFile(name));
        }
    }

    public string Path { get; }

    public CatalogDirectory With(string fileName, string content)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, fileName), content);
        return this;
    }

    public CatalogLoadResult Load() => CatalogLoader.LoadDirectory(Path);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
