namespace CareHub.Billing;

/// <summary>
/// The diagnosis (HI) put on a Community Supports claim when the member's record has none to offer: the ICD-10-CM
/// social-need code that fits the service. Z59.00 homelessness unspecified (housing services), Z59.41 food
/// insecurity (meals), Z74.9 problem related to care-provider dependency, unspecified (personal care, respite,
/// day habilitation, transitions), Z59.19 other inadequate housing (home changes, asthma remediation), Z72.89 other
/// problems related to lifestyle (sobering centers).
/// </summary>
public static class ClaimCoding
{
    public static string DefaultDiagnosis(string serviceCode) => serviceCode switch
    {
        "housing-transition-navigation" or "housing-deposits" or "housing-tenancy-sustaining" or "short-term-post-hospitalization-housing"
            or "recuperative-care" or "transitional-rent" => "Z5900",
        "medically-tailored-meals" => "Z5941",
        "environmental-accessibility-adaptations" or "asthma-remediation" => "Z5919",
        "sobering-center" => "Z7289",
        _ => "Z749",
    };

    /// <summary>CLM01 for an authorization: at most 20 characters, stable for the same authorization.</summary>
    public static string ClaimNumber(Guid authorizationId) => "CS" + authorizationId.ToString("N")[^18..].ToUpperInvariant();

    /// <summary>REF*6R for a claim line: at most 30 characters.</summary>
    public static string LineControlNumber(Guid lineId) => lineId.ToString("N").ToUpperInvariant();
}
