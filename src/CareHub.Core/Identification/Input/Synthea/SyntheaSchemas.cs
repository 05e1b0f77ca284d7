namespace CareHub.Identification.Input.Synthea;

/// <summary>The Synthea CSV files CareHub reads and the columns it binds.</summary>
internal static class SyntheaSchemas
{
    public static readonly TableSchema Patients = new("Synthea patients",
        ["Id", "BIRTHDATE"],
        ["DEATHDATE", "FIRST", "LAST", "SSN", "RACE", "ETHNICITY", "GENDER", "COUNTY"]);

    public static readonly TableSchema Encounters = new("Synthea encounters",
        ["Id", "START", "PATIENT", "ENCOUNTERCLASS"],
        ["STOP", "CODE", "REASONCODE"]);

    public static readonly TableSchema Conditions = new("Synthea conditions",
        ["START", "PATIENT", "CODE"],
        ["STOP", "ENCOUNTER", "SYSTEM"]);

    public static readonly TableSchema Payers = new("Synthea payers", ["Id", "NAME"], []);

    public static readonly TableSchema PayerTransitions = new("Synthea payer transitions",
        ["PATIENT", "PAYER"],
        ["START_DATE", "END_DATE", "START_YEAR", "END_YEAR", "SECONDARY_PAYER"]);
}
