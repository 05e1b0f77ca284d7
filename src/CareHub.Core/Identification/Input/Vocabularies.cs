using System.Text;

namespace CareHub.Identification.Input;

/// <summary>Code vocabularies that input rows are checked against.</summary>
internal static class Vocabularies
{
    /// <summary>Race codes of the plan-data format.</summary>
    public static readonly IReadOnlyList<string> Races =
        ["american-indian-alaska-native", "asian", "black", "pacific-islander", "white", "multiracial", "other", "unknown"];

    /// <summary>Ethnicity codes of the plan-data format.</summary>
    public static readonly IReadOnlyList<string> Ethnicities = ["hispanic", "not-hispanic", "unknown"];

    /// <summary>The 58 California counties.</summary>
    public static readonly IReadOnlyList<string> Counties =
    [
        "Alameda", "Alpine", "Amador", "Butte", "Calaveras", "Colusa", "Contra Costa", "Del Norte", "El Dorado", "Fresno",
        "Glenn", "Humboldt", "Imperial", "Inyo", "Kern", "Kings", "Lake", "Lassen", "Los Angeles", "Madera", "Marin",
        "Mariposa", "Mendocino", "Merced", "Modoc", "Mono", "Monterey", "Napa", "Nevada", "Orange", "Placer", "Plumas",
        "Riverside", "Sacramento", "San Benito", "San Bernardino", "San Diego", "San Francisco", "San Joaquin",
        "San Luis Obispo", "San Mateo", "Santa Barbara", "Santa Clara", "Santa Cruz", "Shasta", "Sierra", "Siskiyou",
        "Solano", "Sonoma", "Stanislaus", "Sutter", "Tehama", "Trinity", "Tulare", "Tuolumne", "Ventura", "Yolo", "Yuba",
    ];

    /// <summary>Synthea ENCOUNTERCLASS values.</summary>
    public static readonly IReadOnlyList<string> SyntheaEncounterClasses =
        ["wellness", "ambulatory", "outpatient", "inpatient", "emergency", "urgentcare", "hospice", "home", "snf", "virtual"];

    /// <summary>Finds a UTF-8 value ignoring case; returns the canonical spelling or null.</summary>
    public static string? Find(IReadOnlyList<string> vocabulary, ReadOnlySpan<byte> value)
    {
        if (!Ascii.IsValid(value))
        {
            return Find(vocabulary, Encoding.UTF8.GetString(value));
        }

        // By index: enumerating the list through its interface would allocate for every row.
        for (var i = 0; i < vocabulary.Count; i++)
        {
            var v = vocabulary[i];
            if (v.Length == value.Length && Ascii.EqualsIgnoreCase(value, v))
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>Finds a value ignoring case; returns the canonical spelling or null.</summary>
    public static string? Find(IReadOnlyList<string> vocabulary, ReadOnlySpan<char> value)
    {
        for (var i = 0; i < vocabulary.Count; i++)
        {
            var v = vocabulary[i];
            if (value.Equals(v, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }
}
