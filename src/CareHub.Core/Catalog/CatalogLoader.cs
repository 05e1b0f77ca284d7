using System.Text.Json;

namespace CareHub.Catalog;

/// <summary>
/// Loads the program catalog from its JSON files: the copies embedded in CareHub.Core, a directory, or the file
/// texts themselves (for example as stored in the database). Every file is validated; a bad catalog gives the list of
/// problems, each naming the file, the entry and the field, and no catalog.
/// </summary>
public static class CatalogLoader
{
    /// <summary>The file format version this loader reads (<c>formatVersion</c> in each file).</summary>
    public const int FormatVersion = 1;

    public const string PopulationsFile = "populations-of-focus.json";
    public const string CommunitySupportsFile = "community-supports.json";
    public const string EcmExclusionsFile = "ecm-exclusions.json";
    public const string SchemaFile = "catalog.schema.json";

    /// <summary>The three data files a catalog is made of.</summary>
    public static readonly IReadOnlyList<string> DataFiles = [PopulationsFile, CommunitySupportsFile, EcmExclusionsFile];

    private const string ResourcePrefix = "CareHub.Catalog.Data.";

    /// <summary>Loads the catalog shipped inside CareHub.Core.</summary>
    public static CatalogLoadResult LoadEmbedded() =>
        Load(DataFiles.ToDictionary(name => name, ReadEmbeddedFile));

    /// <summary>The text of a file shipped inside CareHub.Core (the data files and <see cref="SchemaFile"/>).</summary>
    public static string ReadEmbeddedFile(string fileName)
    {
        using var stream = typeof(CatalogLoader).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new ArgumentException($"No embedded catalog file '{fileName}'.", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads the three data files from <paramref name="directory"/>.</summary>
    public static CatalogLoadResult LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return CatalogLoadResult.Failed(new CatalogError(directory, null, null, "catalog directory not found"));
        }

        var files = new Dictionary<string, string>();
        var errors = new List<CatalogError>();
        foreach (var name in DataFiles)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                files[name] = File.ReadAllText(path);
            }
            else
            {
                errors.Add(new CatalogError(name, null, null, $"file not found in {directory}"));
            }
        }

        return errors.Count > 0 ? CatalogLoadResult.Failed(errors) : Load(files);
    }

    /// <summary>Loads a catalog from the texts of its data files, keyed by file name (see <see cref="DataFiles"/>).</summary>
    public static CatalogLoadResult Load(IReadOnlyDictionary<string, string> files)
    {
        var errors = new List<CatalogError>();
        foreach (var name in DataFiles.Where(n => !files.ContainsKey(n)))
        {
            errors.Add(new CatalogError(name, null, null, "file is missing"));
        }

        if (errors.Count > 0)
        {
            return CatalogLoadResult.Failed(errors);
        }

        var populations = ParseFile(files[PopulationsFile], PopulationsFile, errors, CatalogFileParser.Populations);
        var supports = ParseFile(files[CommunitySupportsFile], CommunitySupportsFile, errors, CatalogFileParser.CommunitySupports);
        var exclusions = ParseFile(files[EcmExclusionsFile], EcmExclusionsFile, errors, CatalogFileParser.EcmExclusions);
        if (populations is null || supports is null || exclusions is null || errors.Count > 0)
        {
            return CatalogLoadResult.Failed(errors);
        }

        CatalogChecks.AcrossFiles(populations, supports, exclusions, errors);
        if (errors.Count > 0)
        {
            return CatalogLoadResult.Failed(errors);
        }

        var catalog = new ProgramCatalog(
            populations.CatalogVersion,
            populations.Entries,
            supports.Entries,
            supports.SharedLimits,
            exclusions.Entries,
            DataFiles.ToDictionary(n => n, n => files[n]),
            exclusions.Notes);
        return new CatalogLoadResult(catalog, []);
    }

    private static T? ParseFile<T>(string text, string fileName, List<CatalogError> errors, Func<JsonFieldReader, JsonElement, T?> parse)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}" : "";
            errors.Add(new CatalogError(fileName, null, null, $"not valid JSON{where}"));
            return null;
        }

        using (document)
        {
            var reader = new JsonFieldReader(fileName, errors);
            var before = errors.Count;
            var parsed = parse(reader, document.RootElement);
            return errors.Count > before ? null : parsed;
        }
    }
}
