namespace CareHub.Identification;

/// <summary>The utilization event kinds an <see cref="Catalog.EventCountCriterion"/> counts.</summary>
public static class EventKinds
{
    public const string EdVisit = "ed-visit";
    public const string InpatientAdmission = "inpatient-admission";
    public const string SnfStay = "snf-stay";
    public const string SudEdVisit = "sud-ed-visit";
    public const string CrisisVisit = "crisis-visit";

    /// <summary>Every kind, in the order of their internal ids.</summary>
    public static readonly IReadOnlyList<string> All = [EdVisit, InpatientAdmission, SnfStay, SudEdVisit, CrisisVisit];

    internal const byte Ed = 0;
    internal const byte Inpatient = 1;
    internal const byte Snf = 2;
    internal const byte SudEd = 3;
    internal const byte Crisis = 4;

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
        Crisis => ("crisis service visit", "crisis service visits"),
        _ => ("event", "events"),
    };
}

/// <summary>Program codes for <see cref="Catalog.ProgramCriterion"/>, program enrollment files and exclusions.</summary>
public static class ProgramCodes
{
    public const string WholePersonCare = "wpc";
    public const string HealthHomes = "hhp";
    public const string Ccs = "ccs";
    public const string CcsWholeChild = "ccs-wcm";
    public const string FosterCare = "foster-care";
    public const string Smhs = "smhs";
    public const string Dmc = "dmc";
    public const string Hospice = "hospice";
    public const string Pace = "pace";
    public const string Waiver1915C = "1915c-waiver";
    public const string OtherCareManagement = "other-care-management";
    public const string NursingFacility = "nursing-facility";
    public const string Pregnancy = "pregnancy";

    /// <summary>Every known program, in the order of their internal ids.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        WholePersonCare, HealthHomes, Ccs, CcsWholeChild, FosterCare, Smhs, Dmc, Hospice, Pace, Waiver1915C,
        OtherCareManagement, NursingFacility, Pregnancy,
    ];

    /// <summary>Programs that exclude a member from ECM while enrolled (non-duplication).</summary>
    public static readonly IReadOnlyList<string> EcmExclusions = [Hospice, Pace, Waiver1915C, OtherCareManagement];

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

    internal static string Words(string code) => code switch
    {
        WholePersonCare => "Whole Person Care",
        HealthHomes => "Health Homes",
        Ccs => "California Children's Services",
        CcsWholeChild => "CCS Whole Child Model",
        FosterCare => "foster care",
        Smhs => "county specialty mental health services",
        Dmc => "Drug Medi-Cal",
        Hospice => "hospice",
        Pace => "PACE",
        Waiver1915C => "a 1915(c) waiver",
        OtherCareManagement => "other care management",
        NursingFacility => "a nursing facility",
        Pregnancy => "pregnancy services",
        _ => code,
    };
}

/// <summary>Why a member who meets a rule's criteria is still not eligible.</summary>
public static class ExclusionCodes
{
    public const string Died = "died";
    public const string NotEnrolled = "not-enrolled";
}
