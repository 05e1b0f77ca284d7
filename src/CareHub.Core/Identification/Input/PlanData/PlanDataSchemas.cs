namespace CareHub.Identification.Input.PlanData;

/// <summary>The plan-data files and their columns (docs/plan-data-format.md).</summary>
internal static class PlanDataSchemas
{
    public static readonly TableSchema Members = new("members",
        ["member_id", "birth_date"],
        ["death_date", "first_name", "last_name", "sex", "race", "ethnicity", "ssn_last4", "cin"]);

    public static readonly TableSchema Enrollment = new("enrollment spans",
        ["member_id", "start_date", "county"],
        ["end_date", "health_network", "dual", "aid_code"]);

    public static readonly TableSchema Claims = new("claim lines",
        ["claim_id", "line", "member_id", "service_from", "claim_type"],
        ["service_to", "place_of_service", "revenue_code", "type_of_bill", "admission_type", "procedure_code", "paid_amount"])
    {
        NumberedPrefix = "diagnosis_",
    };

    public static readonly TableSchema Programs = new("program enrollments",
        ["member_id", "program", "start_date"],
        ["end_date", "enrollment_id"]);

    public static readonly TableSchema PriorEnrollment = new("prior Whole Person Care / Health Homes enrollments",
        ["member_id", "program", "start_date"],
        ["end_date", "enrollment_id", "county"]);

    public static readonly TableSchema Releases = new("incarceration releases",
        ["member_id", "release_date"],
        ["release_id", "facility_type", "facility_name"]);

    public static readonly TableSchema NursingFacilityStays = new("nursing facility stays",
        ["member_id", "admission_date"],
        ["discharge_date", "stay_id", "level_of_care", "facility_name"]);

    /// <summary>Logical file names, in reading order, and whether each is required.</summary>
    public static readonly IReadOnlyList<(string Name, TableSchema Schema, bool Required)> Files =
    [
        ("members", Members, true),
        ("enrollment", Enrollment, true),
        ("claims", Claims, true),
        ("programs", Programs, false),
        ("prior_enrollment", PriorEnrollment, false),
        ("releases", Releases, false),
        ("nursing_facility_stays", NursingFacilityStays, false),
    ];
}
