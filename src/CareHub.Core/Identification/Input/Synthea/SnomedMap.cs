namespace CareHub.Identification.Input.Synthea;

/// <summary>
/// SNOMED CT codes that Synthea writes for conditions and encounter reasons, mapped to the ICD-10-CM code the
/// rules' lists use. Synthea gives SNOMED, not ICD-10, so only codes in this map can meet a diagnosis rule.
/// The map is small on purpose; verify additions against the SNOMED to ICD-10-CM map.
/// </summary>
public static class SnomedMap
{
    private static readonly Dictionary<string, (string Icd10, string Description)> _map =
        new(StringComparer.Ordinal)
        {
            ["58214004"] = ("F20.9", "Schizophrenia"),
            ["13746004"] = ("F31.9", "Bipolar disorder"),
            ["370143000"] = ("F33.9", "Major depressive disorder"),
            ["36923009"] = ("F32.9", "Major depression, single episode"),
            ["47505003"] = ("F43.10", "Posttraumatic stress disorder"),
            ["7200002"] = ("F10.20", "Alcoholism"),
            ["66590003"] = ("F10.20", "Alcohol dependence"),
            ["5602001"] = ("F11.10", "Opioid abuse"),
            ["6525002"] = ("F19.20", "Dependent drug abuse"),
            ["72892002"] = ("Z34.90", "Normal pregnancy"),
            ["47200007"] = ("O09.90", "High risk pregnancy"),
            ["32911000"] = ("Z59.00", "Homeless"),
            ["44054006"] = ("E11.9", "Diabetes mellitus type 2"),
            ["195967001"] = ("J45.909", "Asthma"),
            ["233678006"] = ("J45.909", "Childhood asthma"),
            ["6471006"] = ("R45.851", "Suicidal thoughts"),
            ["55680006"] = ("T40.2X1A", "Drug overdose"),
            ["86406008"] = ("B20", "Human immunodeficiency virus infection"),
            ["127295002"] = ("S06.9X9A", "Traumatic brain injury"),
        };

    private static readonly Dictionary<string, (string Icd10, string Description)>.AlternateLookup<ReadOnlySpan<char>> _lookup =
        _map.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>SNOMED CT code → (ICD-10-CM code, description).</summary>
    public static IReadOnlyDictionary<string, (string Icd10, string Description)> ToIcd10 => _map;

    /// <summary>ICD-10-CM → SNOMED CT, the reverse of <see cref="ToIcd10"/> (first SNOMED code per ICD-10 code).</summary>
    public static readonly IReadOnlyDictionary<string, string> FromIcd10 =
        _map.GroupBy(p => p.Value.Icd10, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);

    internal static bool TryMap(ReadOnlySpan<char> snomed, out string icd10)
    {
        var found = _lookup.TryGetValue(snomed, out var mapped);
        icd10 = mapped.Icd10;
        return found;
    }
}
