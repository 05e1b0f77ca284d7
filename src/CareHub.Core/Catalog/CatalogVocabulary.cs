namespace CareHub.Catalog;

/// <summary>
/// The words the catalog files may use for event kinds, programs, member attributes, limits, billing units and
/// provider types. The loader rejects anything else, so a typo cannot make a rule silently match nobody.
/// The same lists appear as enums in <c>catalog.schema.json</c>.
/// </summary>
public static class CatalogVocabulary
{
    /// <summary>Event kinds an <see cref="EventCountCriterion"/> counts.</summary>
    public static readonly IReadOnlyDictionary<string, string> EventKinds = new Dictionary<string, string>
    {
        ["ed-visit"] = "Emergency department visit",
        ["inpatient-admission"] = "Unplanned hospital admission",
        ["snf-stay"] = "Short-term skilled nursing facility stay (not custodial or long-term care)",
        ["sud-ed-visit"] = "Emergency department visit for substance or alcohol use",
        ["sud-inpatient-admission"] = "Hospital admission for substance or alcohol use",
        ["bh-ed-visit"] = "Emergency department visit with a primary mental health or substance use diagnosis",
        ["bh-inpatient-admission"] = "Hospital admission with a primary mental health or substance use diagnosis",
        ["crisis-visit"] = "Use of mental health or substance use crisis services",
        ["asthma-ed-visit"] = "Emergency department visit for asthma",
        ["asthma-inpatient-admission"] = "Hospital admission for asthma",
        ["asthma-urgent-visit"] = "Sick or urgent care visit for asthma",
        ["hospital-discharge"] = "Discharge from a hospital, psychiatric facility or residential SUD program",
    };

    /// <summary>Programs a <see cref="ProgramCriterion"/> checks enrollment in.</summary>
    public static readonly IReadOnlyDictionary<string, string> Programs = new Dictionary<string, string>
    {
        ["wpc"] = "Whole Person Care pilot (ended 2021)",
        ["hhp"] = "Health Homes Program (ended 2021)",
        ["ecm"] = "Enhanced Care Management",
        ["ccs"] = "California Children's Services",
        ["ccs-wcm"] = "California Children's Services Whole Child Model",
        ["foster-care"] = "Foster care",
        ["child-welfare"] = "Child welfare involvement (open case or services)",
        ["smhs"] = "County specialty mental health services",
        ["dmc"] = "Drug Medi-Cal",
        ["dmc-ods"] = "Drug Medi-Cal Organized Delivery System",
        ["hospice"] = "Hospice",
        ["pace"] = "Program of All-Inclusive Care for the Elderly",
        ["1915c-waiver"] = "Any 1915(c) home- and community-based services waiver",
        ["1915c-mcwp"] = "1915(c) HIV/AIDS Medi-Cal Waiver Program",
        ["1915c-hcba"] = "1915(c) Home and Community-Based Alternatives waiver",
        ["1915c-alw"] = "1915(c) Assisted Living Waiver",
        ["1915c-hcbs-dd"] = "1915(c) HCBS waiver for people with developmental disabilities",
        ["1915c-mssp"] = "1915(c) Multipurpose Senior Services Program",
        ["1915c-sdp"] = "1915(c) Self-Determination Program",
        ["ccm"] = "Complex Care Management",
        ["cct"] = "California Community Transitions",
        ["d-snp"] = "Dual Eligible Special Needs Plan",
        ["cal-mediconnect"] = "Cal MediConnect (ended 2022)",
        ["smhs-tcm"] = "Specialty mental health targeted case management",
        ["other-care-management"] = "Another care management program",
        ["nursing-facility"] = "Nursing facility resident",
        ["pregnancy"] = "Pregnant (with WithinMonths: pregnant or postpartum within that many months)",
        ["ihss"] = "In-Home Supportive Services",
        ["asthma-preventive-services"] = "Asthma Preventive Services assessment",
    };

    /// <summary>Member attributes a <see cref="MemberAttributeCriterion"/> reads.</summary>
    public static readonly IReadOnlyDictionary<string, string> MemberAttributes = new Dictionary<string, string>
    {
        ["raceEthnicity"] = "Race or ethnicity (black, american-indian-alaska-native, pacific-islander, ...)",
        ["sex"] = "Sex (F, M, X, U)",
        ["isDual"] = "Also enrolled in Medicare (true, false)",
        ["aidCode"] = "Medi-Cal aid code",
        ["county"] = "County of residence",
    };

    /// <summary>Kinds of limit.</summary>
    public static readonly IReadOnlyList<string> LimitKinds = ["lifetime", "per-year", "per-episode", "rolling", "per-day", "per-week", "per-month"];

    /// <summary>What a limit counts.</summary>
    public static readonly IReadOnlyList<string> LimitUnits = ["days", "hours", "meals", "dollars", "count", "months", "weeks"];

    /// <summary>The period a limit applies over.</summary>
    public static readonly IReadOnlyList<string> LimitPeriods = ["lifetime", "calendar-year", "rolling-12-months", "episode", "day", "week", "month"];

    /// <summary>Units a billing code is billed in.</summary>
    public static readonly IReadOnlyList<string> BillingUnits = ["per-diem", "per-month", "per-15-minutes", "per-service", "per-meal", "per-encounter", "per-visit"];

    /// <summary>Provider types allowed to deliver a Community Support (code and label).</summary>
    public static readonly IReadOnlyDictionary<string, string> ProviderTypes = new Dictionary<string, string>
    {
        ["area-agency-on-aging"] = "Area Agency on Aging",
        ["arf-rcfe-operator"] = "Adult Residential Facility or Residential Care Facility for the Elderly operator",
        ["asthma-remediation-provider"] = "Asthma remediation provider or licensed contractor",
        ["case-management-agency"] = "Case management agency (for example an MSSP site)",
        ["cbo"] = "Community-based organization",
        ["community-action-agency"] = "Community Action Agency",
        ["community-health-worker"] = "Community health worker organization",
        ["contractor"] = "Licensed contractor",
        ["county-agency"] = "County agency or county-run service",
        ["day-habilitation-provider"] = "Day habilitation program provider",
        ["hcbs-waiver-provider"] = "1915(c) HCBA, Assisted Living Waiver or Money Follows the Person provider",
        ["home-health-agency"] = "Home health agency",
        ["housing-provider"] = "Housing provider (including providers with on-site support)",
        ["interim-housing-provider"] = "Interim or transitional housing provider",
        ["licensed-clinician"] = "Licensed psychologist, social worker or registered nurse",
        ["meal-provider"] = "Meal delivery provider (for example Meals on Wheels)",
        ["nutrition-provider"] = "Registered dietitian or nutrition education provider",
        ["personal-care-agency"] = "Personal care or homemaker agency",
        ["professional-fiduciary"] = "Professional fiduciary",
        ["recuperative-care-provider"] = "Recuperative care (medical respite) provider",
        ["respite-agency"] = "Respite agency",
        ["sobering-center"] = "Sobering center or other allowable SUD facility",
        ["vocational-life-skills-agency"] = "Vocational or life skills services agency",
    };
}
