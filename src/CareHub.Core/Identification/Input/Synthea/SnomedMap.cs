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

    /// <summary>SNOMED CT code → (ICD-10-CM code, description).</summary>
    public static IReadOnlyDictionary<string, (string Icd10, string Description)> ToIcd10 => _map;

    /// <summary>ICD-10-CM → SNOMED CT, the reverse of <see cref="ToIcd10"/> (first SNOMED code per ICD-10 code).</summary>
    public static readonly IReadOnlyDictionary<string, string> FromIcd10 =
        _map.GroupBy(p => p.Value.Icd10, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);

    // The map's codes by number, for codes read as UTF-8 digits: an open-addressing table of the numbers and their
    // entries' indexes into _icd10 (entry + 1; 0 is a free slot).
    private static readonly string[] _icd10 = [.. _map.Values.Select(v => v.Icd10)];
    private const int NumberBits = 7;
    private static readonly (ulong[] Numbers, int[] Entries) _byNumber = NumberTable();

    private static (ulong[] Numbers, int[] Entries) NumberTable()
    {
        var numbers = new ulong[1 << NumberBits];
        var entries = new int[1 << NumberBits];
        var i = 0;
        foreach (var code in _map.Keys)
        {
            var number = ulong.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
            var slot = SlotOf(number);
            while (entries[slot] != 0)
            {
                slot = (slot + 1) & ((1 << NumberBits) - 1);
            }

            numbers[slot] = number;
            entries[slot] = ++i;
        }

        return (numbers, entries);
    }

    private static int SlotOf(ulong number) => (int)((number * 0x9E3779B97F4A7C15UL) >> (64 - NumberBits));

    /// <summary>The number of entries <see cref="Find"/> can return.</summary>
    internal static int Count => _icd10.Length;

    /// <summary>Value of <see cref="Find"/> for a code with a character other than an ASCII digit.</summary>
    internal const int NotDigits = -2;

    /// <summary>Value of <see cref="Find"/> for a code of digits that is not in the map.</summary>
    internal const int NotMapped = -1;

    /// <summary>Checks a code given as UTF-8 and finds it in one pass: its entry (below <see cref="Count"/>),
    /// <see cref="NotMapped"/> or <see cref="NotDigits"/> (an empty code is digits). No code of the map starts with 0
    /// or has more than 18 digits.</summary>
    internal static int Find(ReadOnlySpan<byte> code)
    {
        ulong number = 0;
        foreach (var b in code)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return NotDigits;
            }

            number = (number * 10) + d;
        }

        if (code.IsEmpty || code.Length > 18 || code[0] == '0')
        {
            return NotMapped;
        }

        var (numbers, entries) = _byNumber;
        for (var slot = SlotOf(number); entries[slot] != 0; slot = (slot + 1) & ((1 << NumberBits) - 1))
        {
            if (numbers[slot] == number)
            {
                return entries[slot] - 1;
            }
        }

        return NotMapped;
    }

    /// <summary>The ICD-10-CM code of an entry found by <see cref="Find"/>.</summary>
    internal static string Icd10Of(int entry) => _icd10[entry];
}
