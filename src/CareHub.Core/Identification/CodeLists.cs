namespace CareHub.Identification;

/// <summary>
/// ICD-10-CM code lists (prefixes, dots optional) the built-in rules use. A code matches a list when it starts
/// with one of the list's prefixes after dots are removed: <c>F20.9</c> and <c>F209</c> both match <c>F20</c>.
/// </summary>
public static class CodeLists
{
    /// <summary>Serious mental illness: psychotic, bipolar and major depressive disorders, PTSD.</summary>
    public static readonly IReadOnlyList<string> SeriousMentalIllness =
        ["F20", "F21", "F22", "F23", "F24", "F25", "F28", "F29", "F30", "F31", "F32", "F33", "F43.1"];

    /// <summary>Substance use disorders (F10-F19 except F17, nicotine).</summary>
    public static readonly IReadOnlyList<string> SubstanceUse =
        ["F10", "F11", "F12", "F13", "F14", "F15", "F16", "F18", "F19"];

    /// <summary>Mental health and substance use diagnoses, for the <c>bh-*</c> event kinds: every ICD-10-CM chapter 5
    /// code (F01-F99) except nicotine dependence (F17), plus suicidal ideation (R45.851) and suicide attempt (T14.91).</summary>
    public static readonly IReadOnlyList<string> BehavioralHealth =
        ["F0", "F10", "F11", "F12", "F13", "F14", "F15", "F16", "F18", "F19", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "R45.851", "T14.91"];

    /// <summary>Asthma (J45), for the <c>asthma-*</c> event kinds.</summary>
    public static readonly IReadOnlyList<string> Asthma = ["J45"];

    /// <summary>Homelessness (Z59.0: Z59.00 unspecified, Z59.01 sheltered, Z59.02 unsheltered).</summary>
    public static readonly IReadOnlyList<string> Homelessness = ["Z59.0"];

    /// <summary>Housing instability short of homelessness (at risk): inadequate housing, housing instability.</summary>
    public static readonly IReadOnlyList<string> HousingInstability = ["Z59.1", "Z59.81"];

    /// <summary>Pregnancy, delivery and the puerperium, supervision of pregnancy, weeks of gestation, outcome of
    /// delivery, postpartum care.</summary>
    public static readonly IReadOnlyList<string> Pregnancy = ["O", "Z33.1", "Z34", "Z3A", "Z37", "Z39"];

    /// <summary>Conditions that qualify an adult leaving incarceration: mental and behavioral disorders (incl. SUD
    /// and intellectual disability), HIV, traumatic brain injury, pregnancy, and significant chronic conditions.</summary>
    public static readonly IReadOnlyList<string> JusticeInvolvedConditions =
        ["F", "B20", "Z21", "S06", "O", "Z34", "E10", "E11", "I50", "J44", "N18", "B18", "Q90"];
}
