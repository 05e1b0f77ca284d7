using System.Globalization;
using CareHub.Identification.Input.Synthea;

namespace CareHub.Identification.Synthetic;

/// <summary>
/// Writes a synthetic member in the Synthea CSV layout: one encounter per visit (an ED visit becomes one
/// <c>emergency</c> encounter however many claim lines it has in plan data), conditions for diagnoses that have a
/// SNOMED equivalent, payer transitions for enrollment spans. Elective admissions are written as <c>outpatient</c>
/// because CareHub reads Synthea's <c>inpatient</c> class as an unplanned admission.
/// </summary>
internal static class SyntheaEmitter
{
    public const string MediCalPayer = "b1c428d6-4f07-31e0-90f0-68ffa6ff8c76";
    public const string MedicarePayer = "7caa7254-5050-3b5e-9eae-bd5ea30e809c";

    public static readonly OutputTable Patients = OutputTable.Of("patients",
        "Id", "BIRTHDATE", "DEATHDATE", "SSN", "DRIVERS", "PASSPORT", "PREFIX", "FIRST", "MIDDLE", "LAST", "SUFFIX", "MAIDEN", "MARITAL",
        "RACE", "ETHNICITY", "GENDER", "BIRTHPLACE", "ADDRESS", "CITY", "STATE", "COUNTY", "FIPS", "ZIP", "LAT", "LON",
        "HEALTHCARE_EXPENSES", "HEALTHCARE_COVERAGE", "INCOME");

    public static readonly OutputTable Encounters = OutputTable.Of("encounters",
        "Id", "START", "STOP", "PATIENT", "ORGANIZATION", "PROVIDER", "PAYER", "ENCOUNTERCLASS", "CODE", "DESCRIPTION",
        "BASE_ENCOUNTER_COST", "TOTAL_CLAIM_COST", "PAYER_COVERAGE", "REASONCODE", "REASONDESCRIPTION");

    public static readonly OutputTable Conditions = OutputTable.Of("conditions", "START", "STOP", "PATIENT", "ENCOUNTER", "SYSTEM", "CODE", "DESCRIPTION");

    public static readonly OutputTable PayerTransitions = OutputTable.Of("payer_transitions",
        "PATIENT", "MEMBERID", "START_DATE", "END_DATE", "PAYER", "SECONDARY_PAYER", "PLAN_OWNERSHIP", "OWNER_NAME");

    public static readonly OutputTable Payers = OutputTable.Of("payers",
        "Id", "NAME", "OWNERSHIP", "ADDRESS", "CITY", "STATE_HEADQUARTERED", "ZIP", "PHONE", "AMOUNT_COVERED", "AMOUNT_UNCOVERED", "REVENUE",
        "COVERED_ENCOUNTERS", "UNCOVERED_ENCOUNTERS", "COVERED_MEDICATIONS", "UNCOVERED_MEDICATIONS", "COVERED_PROCEDURES",
        "UNCOVERED_PROCEDURES", "COVERED_IMMUNIZATIONS", "UNCOVERED_IMMUNIZATIONS", "UNIQUE_CUSTOMERS", "QOLS_AVG", "MEMBER_MONTHS");

    /// <summary>Tables written per member, in emit order.</summary>
    public static readonly OutputTable[] Tables = [Patients, Encounters, Conditions, PayerTransitions];

    private const string Organization = "ef58ea08-d883-3957-8300-150554edc8fb";
    private const string Provider = "3421aa75-dec7-378d-a9e0-0bc764e4cb0d";

    public static void Emit(SyntheticMember m, RowOutput[] outputs, ulong seed)
    {
        var (patients, encounters, conditions, transitions) = (outputs[0], outputs[1], outputs[2], outputs[3]);
        var rng = new Rng(seed, (ulong)m.Index, 6);
        var suffix = m.Index % 900 + 100;
        patients.Text(m.SyntheaId);
        patients.Date(m.Birth);
        patients.Date(m.Death);
        patients.Text($"{m.Ssn[..3]}-{m.Ssn[3..5]}-{m.Ssn[5..]}");
        patients.Text("");
        patients.Text("");
        patients.Text(m.Female ? "Ms." : "Mr.");
        patients.Text(string.Create(CultureInfo.InvariantCulture, $"{m.FirstName}{suffix}"));
        patients.Text("");
        patients.Text(string.Create(CultureInfo.InvariantCulture, $"{m.LastName}{(suffix * 7 % 900) + 100}"));
        patients.Text("");
        patients.Text("");
        patients.Text("");
        patients.Text(m.Race switch
        {
            "black" => "black",
            "white" => "white",
            "asian" => "asian",
            "american-indian-alaska-native" => "native",
            "pacific-islander" => "hawaiian",
            _ => "other",
        });
        patients.Text(m.Ethnicity == "hispanic" ? "hispanic" : "nonhispanic");
        patients.Text(m.Female ? "F" : "M");
        patients.Text(m.City + "  California  US");
        patients.Text(string.Create(CultureInfo.InvariantCulture, $"{rng.Between(100, 9999)} Main Street"));
        patients.Text(m.City);
        patients.Text("California");
        patients.Text(m.Current.County + " County");
        patients.Text("");
        patients.Text(m.Zip);
        patients.Text("34.05");
        patients.Text("-118.24");
        patients.Text("0.0");
        patients.Text("0.0");
        patients.Text("25000");
        patients.End();

        var start = 9 * 3600;
        foreach (var v in m.Visits)
        {
            var id = rng.Uuid();
            var (cls, code, description) = v.Kind switch
            {
                VisitKind.Office => (v.Diagnoses.Contains("Z00.00") ? "wellness" : "ambulatory", "185349003", "Encounter for check up"),
                VisitKind.Lab => ("outpatient", "185349003", "Encounter for laboratory tests"),
                VisitKind.Emergency => ("emergency", "50849002", "Emergency room admission"),
                VisitKind.Inpatient => ("inpatient", "32485007", "Hospital admission"),
                VisitKind.ElectiveInpatient => ("outpatient", "305408004", "Admission to surgical department"),
                VisitKind.Delivery => ("inpatient", "183460006", "Obstetric emergency hospital admission"),
                VisitKind.Snf => ("snf", "449214001", "Transfer to nursing home"),
                VisitKind.Behavioral => ("ambulatory", "390906007", "Follow-up encounter"),
                VisitKind.Crisis => ("urgentcare", "702927004", "Urgent care clinic"),
                _ => ("ambulatory", "424441002", "Prenatal initial visit"),
            };
            var reason = v.Diagnoses.Select(Snomed).FirstOrDefault(s => s is not null);
            var end = v.Date.AddDays(Math.Max(0, v.Days - 1));
            encounters.Text(id);
            encounters.DateTime(v.Date, start, iso: true);
            encounters.DateTime(end, start + 1800, iso: true);
            encounters.Text(m.SyntheaId);
            encounters.Text(Organization);
            encounters.Text(Provider);
            encounters.Text(MediCalPayer);
            encounters.Text(cls);
            encounters.Text(code);
            encounters.Text(description);
            encounters.Text("85.55");
            encounters.Text("129.16");
            encounters.Text("69.16");
            encounters.Text(reason?.Code ?? "");
            encounters.Text(reason?.Description ?? "");
            encounters.End();

            foreach (var dx in v.Diagnoses)
            {
                if (SnomedMap.FromIcd10.TryGetValue(dx, out var snomed))
                {
                    conditions.Date(v.Date);
                    conditions.Date(v.Date);
                    conditions.Text(m.SyntheaId);
                    conditions.Text(id);
                    conditions.Text("SNOMED-CT");
                    conditions.Text(snomed);
                    conditions.Text(SnomedMap.ToIcd10[snomed].Description);
                    conditions.End();
                }
            }
        }

        foreach (var p in m.Programs.Where(p => p.Program == ProgramCodes.Hospice))
        {
            encounters.Text(rng.Uuid());
            encounters.DateTime(p.Start, start, iso: true);
            if (p.End is { } stop)
            {
                encounters.DateTime(stop, start, iso: true);
            }
            else
            {
                encounters.Text("");
            }

            encounters.Text(m.SyntheaId);
            encounters.Text(Organization);
            encounters.Text(Provider);
            encounters.Text(MediCalPayer);
            encounters.Text("hospice");
            encounters.Text("385763009");
            encounters.Text("Hospice care");
            encounters.Text("150.00");
            encounters.Text("150.00");
            encounters.Text("150.00");
            encounters.Text("");
            encounters.Text("");
            encounters.End();
        }

        foreach (var s in m.Spans)
        {
            transitions.Text(m.SyntheaId);
            transitions.Text(m.PlanId);
            transitions.DateTime(s.Start, 0, iso: true);
            if (s.End is { } end)
            {
                transitions.DateTime(end, 0, iso: true);
            }
            else
            {
                transitions.Text("");
            }

            transitions.Text(MediCalPayer);
            transitions.Text(s.Dual ? MedicarePayer : "");
            transitions.Text("Guardian");
            transitions.Text(string.Create(CultureInfo.InvariantCulture, $"{m.FirstName} {m.LastName}"));
            transitions.End();
        }
    }

    /// <summary>The payers file: Medi-Cal and Medicare.</summary>
    public static void EmitPayers(RowOutput payers)
    {
        foreach (var (id, name) in new[] { (MediCalPayer, "Medi-Cal"), (MedicarePayer, "Medicare") })
        {
            payers.Text(id);
            payers.Text(name);
            payers.Text("GOVERNMENT");
            for (var i = 3; i < Payers.Columns.Length; i++)
            {
                payers.Text(i is 4 ? "Sacramento" : i is 5 ? "CA" : "0");
            }

            payers.End();
        }
    }

    private static (string Code, string Description)? Snomed(string icd10)
    {
        if (SnomedMap.FromIcd10.TryGetValue(icd10, out var code))
        {
            return (code, SnomedMap.ToIcd10[code].Description);
        }

        return SyntheticVocabulary.OtherSnomed.TryGetValue(icd10, out var other) ? (other.Snomed, other.Description) : null;
    }
}
