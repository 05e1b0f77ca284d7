using CareHub.Catalog;

namespace CareHub.Identification;

/// <summary>
/// The utilization event kinds an <see cref="EventCountCriterion"/> counts: exactly the kinds of
/// <see cref="CatalogVocabulary.EventKinds"/> (the catalog owns the vocabulary; <see cref="All"/> is checked against
/// it when this class is first used, so the two cannot drift). One classifier (<c>EventClassifier</c>) decides the kinds
/// of plan-data claim lines and Synthea encounters alike; see docs/identification.md.
/// </summary>
public static class EventKinds
{
    public const string EdVisit = "ed-visit";
    public const string InpatientAdmission = "inpatient-admission";
    public const string SnfStay = "snf-stay";
    public const string SudEdVisit = "sud-ed-visit";
    public const string SudInpatientAdmission = "sud-inpatient-admission";
    public const string BhEdVisit = "bh-ed-visit";
    public const string BhInpatientAdmission = "bh-inpatient-admission";
    public const string CrisisVisit = "crisis-visit";
    public const string AsthmaEdVisit = "asthma-ed-visit";
    public const string AsthmaInpatientAdmission = "asthma-inpatient-admission";
    public const string AsthmaUrgentVisit = "asthma-urgent-visit";
    public const string HospitalDischarge = "hospital-discharge";

    /// <summary>Every kind, in the order of their internal ids (the order of the catalog's vocabulary).</summary>
    public static readonly IReadOnlyList<string> All = CheckedAgainstCatalog(
    [
        EdVisit, InpatientAdmission, SnfStay, SudEdVisit, SudInpatientAdmission, BhEdVisit, BhInpatientAdmission,
        CrisisVisit, AsthmaEdVisit, AsthmaInpatientAdmission, AsthmaUrgentVisit, HospitalDischarge,
    ]);

    internal const byte Ed = 0;
    internal const byte Inpatient = 1;
    internal const byte Snf = 2;
    internal const byte SudEd = 3;
    internal const byte SudInpatient = 4;
    internal const byte BhEd = 5;
    internal const byte BhInpatient = 6;
    internal const byte Crisis = 7;
    internal const byte AsthmaEd = 8;
    internal const byte AsthmaInpatient = 9;
    internal const byte AsthmaUrgent = 10;
    internal const byte Discharge = 11;

    internal static int IdOf(string kind)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], kind, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Plain words for one event of a kind, and for several.</summary>
    internal static (string One, string Many) Words(byte kind) => kind switch
    {
        Ed => ("ED visit", "ED visits"),
        Inpatient => ("unplanned hospital admission", "unplanned hospital admissions"),
        Snf => ("skilled nursing stay", "skilled nursing stays"),
        SudEd => ("ED visit for substance use", "ED visits for substance use"),
        SudInpatient => ("hospital admission for substance use", "hospital admissions for substance use"),
        BhEd => ("ED visit for mental health or substance use", "ED visits for mental health or substance use"),
        BhInpatient => ("hospital admission for mental health or substance use", "hospital admissions for mental health or substance use"),
        Crisis => ("crisis service visit", "crisis service visits"),
        AsthmaEd => ("ED visit for asthma", "ED visits for asthma"),
        AsthmaInpatient => ("hospital admission for asthma", "hospital admissions for asthma"),
        AsthmaUrgent => ("sick or urgent care visit for asthma", "sick or urgent care visits for asthma"),
        Discharge => ("hospital discharge", "hospital discharges"),
        _ => ("event", "events"),
    };

    private static string[] CheckedAgainstCatalog(string[] kinds)
    {
        var catalog = CatalogVocabulary.EventKinds.Keys.ToArray();
        if (!kinds.SequenceEqual(catalog, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                "The identification engine's event kinds differ from the catalog vocabulary. Engine: "
                + string.Join(", ", kinds) + "; catalog: " + string.Join(", ", catalog) + ".");
        }

        return kinds;
    }
}

/// <summary>
/// Program codes for <see cref="ProgramCriterion"/>, program enrollment files and exclusions: exactly
/// <see cref="CatalogVocabulary.Programs"/> (derived from it, in the catalog's order).
/// </summary>
public static class ProgramCodes
{
    public const string WholePersonCare = "wpc";
    public const string HealthHomes = "hhp";
    public const string Ecm = "ecm";
    public const string Ccs = "ccs";
    public const string CcsWholeChild = "ccs-wcm";
    public const string FosterCare = "foster-care";
    public const string ChildWelfare = "child-welfare";
    public const string Smhs = "smhs";
    public const string Dmc = "dmc";
    public const string DmcOds = "dmc-ods";
    public const string Hospice = "hospice";
    public const string Pace = "pace";
    public const string Waiver1915C = "1915c-waiver";
    public const string Ccm = "ccm";
    public const string Cct = "cct";
    public const string DSnp = "d-snp";
    public const string OtherCareManagement = "other-care-management";
    public const string NursingFacility = "nursing-facility";
    public const string Pregnancy = "pregnancy";
    public const string Ihss = "ihss";

    /// <summary>The prefix shared by the specific 1915(c) waivers (<c>1915c-hcba</c>, ...).</summary>
    internal const string Waiver1915CPrefix = "1915c-";

    /// <summary>Every known program, in the order of their internal ids.</summary>
    public static readonly IReadOnlyList<string> All = [.. CatalogVocabulary.Programs.Keys];

    internal static int IdOf(ReadOnlySpan<char> code)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (code.Equals(All[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The program ids a span may carry to count for <paramref name="code"/>: the program itself, and for the generic
    /// <c>1915c-waiver</c> every specific 1915(c) waiver. With <paramref name="forExclusion"/> a generic
    /// <c>1915c-waiver</c> span also counts for each specific waiver (an unnamed waiver may be the excluding one).
    /// </summary>
    internal static byte[] IdsCounting(string code, bool forExclusion)
    {
        var ids = new List<byte> { (byte)IdOf(code) };
        for (var i = 0; i < All.Count; i++)
        {
            var other = All[i];
            if (other == code)
            {
                continue;
            }

            var specific = other.StartsWith(Waiver1915CPrefix, StringComparison.Ordinal) && other != Waiver1915C;
            if ((code == Waiver1915C && specific)
                || (forExclusion && other == Waiver1915C && code.StartsWith(Waiver1915CPrefix, StringComparison.Ordinal)))
            {
                ids.Add((byte)i);
            }
        }

        return [.. ids];
    }

    internal static string Words(string code) => code switch
    {
        WholePersonCare => "Whole Person Care",
        HealthHomes => "Health Homes",
        Ecm => "Enhanced Care Management",
        Ccs => "California Children's Services",
        CcsWholeChild => "the CCS Whole Child Model",
        FosterCare => "foster care",
        ChildWelfare => "child welfare services",
        Smhs => "county specialty mental health services",
        Dmc => "Drug Medi-Cal",
        DmcOds => "the Drug Medi-Cal Organized Delivery System",
        Hospice => "hospice",
        Pace => "PACE",
        Waiver1915C => "a 1915(c) waiver",
        Ccm => "Complex Care Management",
        Cct => "California Community Transitions",
        DSnp => "a D-SNP (Medicare dual special needs plan)",
        OtherCareManagement => "other care management",
        NursingFacility => "a nursing facility",
        Pregnancy => "pregnancy care",
        Ihss => "In-Home Supportive Services",
        _ => CatalogVocabulary.Programs.TryGetValue(code, out var label) ? label : code,
    };
}

/// <summary>Why a member who meets a rule's criteria is still not eligible.</summary>
public static class ExclusionCodes
{
    public const string Died = "died";
    public const string NotEnrolled = "not-enrolled";

    /// <summary>The population was not yet live in the member's county on the as-of date (the catalog's go-live).</summary>
    public const string NotLive = "not-live";
}
