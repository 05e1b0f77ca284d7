namespace CareHub.Identification.Engine;

/// <summary>What the diagnoses of a claim line say, for classification: the primary diagnosis (<c>diagnosis_1</c>,
/// or a Synthea encounter's reason) and any diagnosis on the line.</summary>
[Flags]
internal enum LineDiagnoses
{
    None = 0,

    /// <summary>The primary diagnosis is a mental health or substance use diagnosis (<see cref="CodeLists.BehavioralHealth"/>).</summary>
    PrimaryBehavioral = 1,

    /// <summary>The primary diagnosis is a substance use disorder (<see cref="CodeLists.SubstanceUse"/>).</summary>
    PrimarySubstanceUse = 2,

    /// <summary>The primary diagnosis is asthma (<see cref="CodeLists.Asthma"/>).</summary>
    PrimaryAsthma = 4,

    /// <summary>Any diagnosis on the line is a substance use disorder.</summary>
    AnySubstanceUse = 8,
}

/// <summary>What kind of service a claim line or an encounter is, before its diagnoses are looked at. Every input
/// format describes its records in these terms; <see cref="EventClassifier.Events"/> turns them into event kinds.</summary>
[Flags]
internal enum ServiceSetting
{
    None = 0,

    /// <summary>An emergency department visit.</summary>
    EmergencyDepartment = 1,

    /// <summary>A hospital inpatient stay that counts as an admission (the bill's first or only part).</summary>
    HospitalAdmission = 2,

    /// <summary>The admission was unplanned (emergency, urgent or trauma).</summary>
    Unplanned = 4,

    /// <summary>The hospital stay ends with this record (counted on its end date).</summary>
    HospitalDischarge = 8,

    /// <summary>A skilled nursing facility stay that counts as a stay (the bill's first or only part).</summary>
    SkilledNursingStay = 16,

    /// <summary>A crisis service.</summary>
    Crisis = 32,

    /// <summary>Urgent care, or an office or outpatient visit.</summary>
    UrgentOrOffice = 64,

    /// <summary>Psychiatric room and board (the stay is for mental health or substance use whatever the diagnosis).</summary>
    PsychiatricRoom = 128,

    /// <summary>Detoxification room and board (the stay is for substance use whatever the diagnosis).</summary>
    DetoxRoom = 256,
}

/// <summary>
/// The one classifier of utilization events for every input format: a plan-data claim line
/// (<see cref="ClaimLine"/>) and a Synthea encounter (<see cref="Encounter"/>) are each described as a
/// <see cref="ServiceSetting"/>, and <see cref="Events"/> decides the event kinds from the setting and the diagnoses
/// (see docs/plan-data-format.md and docs/identification.md):
/// <list type="bullet">
/// <item>ED visit: revenue code 0450-0459 or 0981, or place of service 23, or procedure 99281-99285; a Synthea
/// <c>emergency</c> encounter.</item>
/// <item>Unplanned hospital admission: an institutional line with type of bill 11x and admission type 1
/// (emergency), 2 (urgent) or 5 (trauma); a Synthea <c>inpatient</c> encounter.</item>
/// <item>Skilled nursing stay: an institutional line with type of bill 21x; a Synthea <c>snf</c> encounter.</item>
/// <item>Crisis visit: procedure H2011, S9484, S9485, 90839 or 90840.</item>
/// <item>ED visit for substance use: an ED visit with a substance use diagnosis in any position.</item>
/// <item>ED visit for mental health or substance use (<c>bh-ed-visit</c>): an ED visit whose primary diagnosis is
/// a mental health or substance use diagnosis.</item>
/// <item>Hospital admission for mental health or substance use (<c>bh-inpatient-admission</c>): an inpatient bill
/// (11x, any admission type) with such a primary diagnosis, or a psychiatric room and board revenue code (0114,
/// 0124, 0134, 0144, 0154, 0204).</item>
/// <item>Hospital admission for substance use (<c>sud-inpatient-admission</c>): an inpatient bill with a
/// primary substance use diagnosis, or a detoxification room and board revenue code (0116, 0126, 0136, 0146, 0156).</item>
/// <item>Asthma ED visit / admission: an ED visit or inpatient bill with primary diagnosis J45.</item>
/// <item>Asthma sick or urgent care visit: not an ED visit, primary diagnosis J45, and urgent care (place of service
/// 20, revenue code 0456) or an office or outpatient visit (procedure 99202-99205, 99211-99215, S9083, S9088; a
/// Synthea <c>urgentcare</c>, <c>ambulatory</c> or <c>outpatient</c> encounter).</item>
/// <item>Hospital discharge: an inpatient bill (11x) that ends the stay (frequency 1, 4 or 7), or a residential
/// SUD treatment bill (revenue code 1002 on a type of bill 86x); a Synthea <c>inpatient</c> encounter with a STOP;
/// counted on <c>service_to</c> or STOP.</item>
/// </list>
/// Admissions and stays count only on bills whose frequency (the type of bill's last digit) is 1 (admit through
/// discharge), 2 (first interim) or 7 (replacement). A voided line (frequency 8) counts for nothing.
/// </summary>
internal static class EventClassifier
{
    public const int EdBit = 1 << EventKinds.Ed;
    public const int InpatientBit = 1 << EventKinds.Inpatient;
    public const int SnfBit = 1 << EventKinds.Snf;
    public const int SudEdBit = 1 << EventKinds.SudEd;
    public const int SudInpatientBit = 1 << EventKinds.SudInpatient;
    public const int BhEdBit = 1 << EventKinds.BhEd;
    public const int BhInpatientBit = 1 << EventKinds.BhInpatient;
    public const int CrisisBit = 1 << EventKinds.Crisis;
    public const int AsthmaEdBit = 1 << EventKinds.AsthmaEd;
    public const int AsthmaInpatientBit = 1 << EventKinds.AsthmaInpatient;
    public const int AsthmaUrgentBit = 1 << EventKinds.AsthmaUrgent;
    public const int DischargeBit = 1 << EventKinds.Discharge;

    /// <summary>The event kinds (bits by <see cref="EventKinds"/> id) of a record in <paramref name="setting"/> with
    /// <paramref name="diagnoses"/>. The <see cref="DischargeBit"/> event is dated on the record's end, the others on
    /// its start.</summary>
    public static int Events(ServiceSetting setting, LineDiagnoses diagnoses)
    {
        var bits = 0;
        if ((setting & ServiceSetting.EmergencyDepartment) != 0)
        {
            bits |= EdBit;
            if ((diagnoses & LineDiagnoses.AnySubstanceUse) != 0)
            {
                bits |= SudEdBit;
            }

            if ((diagnoses & LineDiagnoses.PrimaryBehavioral) != 0)
            {
                bits |= BhEdBit;
            }

            if ((diagnoses & LineDiagnoses.PrimaryAsthma) != 0)
            {
                bits |= AsthmaEdBit;
            }
        }
        else if ((diagnoses & LineDiagnoses.PrimaryAsthma) != 0 && (setting & ServiceSetting.UrgentOrOffice) != 0)
        {
            bits |= AsthmaUrgentBit;
        }

        if ((setting & ServiceSetting.Crisis) != 0)
        {
            bits |= CrisisBit;
        }

        if ((setting & ServiceSetting.HospitalAdmission) != 0)
        {
            if ((setting & ServiceSetting.Unplanned) != 0)
            {
                bits |= InpatientBit;
            }

            if ((diagnoses & LineDiagnoses.PrimaryBehavioral) != 0 || (setting & ServiceSetting.PsychiatricRoom) != 0)
            {
                bits |= BhInpatientBit;
            }

            if ((diagnoses & LineDiagnoses.PrimarySubstanceUse) != 0 || (setting & ServiceSetting.DetoxRoom) != 0)
            {
                bits |= SudInpatientBit;
            }

            if ((diagnoses & LineDiagnoses.PrimaryAsthma) != 0)
            {
                bits |= AsthmaInpatientBit;
            }
        }

        if ((setting & ServiceSetting.SkilledNursingStay) != 0)
        {
            bits |= SnfBit;
        }

        if ((setting & ServiceSetting.HospitalDischarge) != 0)
        {
            bits |= DischargeBit;
        }

        return bits;
    }

    /// <summary>Event bits for a plan-data claim line whose fields were validated: <paramref name="revenue"/> is
    /// empty or four digits, <paramref name="typeOfBill"/> empty or three digits (leading zero removed).</summary>
    public static int ClaimLine(bool institutional, ReadOnlySpan<char> placeOfService, ReadOnlySpan<char> revenue,
        ReadOnlySpan<char> typeOfBill, ReadOnlySpan<char> admissionType, ReadOnlySpan<char> procedure, LineDiagnoses diagnoses = LineDiagnoses.None) =>
        Events(ClaimLineSetting(institutional, placeOfService, revenue, typeOfBill, admissionType, procedure), diagnoses);

    /// <summary>Event bits for a Synthea encounter of class <paramref name="encounterClass"/> whose reason (mapped
    /// to ICD-10) says <paramref name="reason"/>, as a claim's primary diagnosis would. A discharge is only possible
    /// once the encounter has a STOP; the caller drops it otherwise.</summary>
    public static int Encounter(string encounterClass, LineDiagnoses reason) => Events(EncounterSetting(encounterClass), reason);

    /// <summary>The setting of a Synthea encounter: <c>emergency</c> is an ED visit, <c>inpatient</c> an unplanned
    /// admission that ends on STOP, <c>snf</c> a skilled nursing stay, <c>urgentcare</c>, <c>ambulatory</c> and
    /// <c>outpatient</c> urgent care or office visits.</summary>
    public static ServiceSetting EncounterSetting(string encounterClass) => encounterClass switch
    {
        "emergency" => ServiceSetting.EmergencyDepartment,
        "inpatient" => ServiceSetting.HospitalAdmission | ServiceSetting.Unplanned | ServiceSetting.HospitalDischarge,
        "snf" => ServiceSetting.SkilledNursingStay,
        "urgentcare" or "ambulatory" or "outpatient" => ServiceSetting.UrgentOrOffice,
        _ => ServiceSetting.None,
    };

    /// <summary>The setting of a validated plan-data claim line (see <see cref="ClaimLine"/>).</summary>
    public static ServiceSetting ClaimLineSetting(bool institutional, ReadOnlySpan<char> placeOfService, ReadOnlySpan<char> revenue,
        ReadOnlySpan<char> typeOfBill, ReadOnlySpan<char> admissionType, ReadOnlySpan<char> procedure)
    {
        if (typeOfBill.Length == 3 && typeOfBill[2] == '8')
        {
            return ServiceSetting.None;
        }

        var setting = ServiceSetting.None;
        if (revenue.Length == 4 && revenue[0] == '0'
            && ((revenue[1] == '4' && revenue[2] == '5') || (revenue[1] == '9' && revenue[2] == '8' && revenue[3] == '1')))
        {
            setting |= ServiceSetting.EmergencyDepartment;
        }

        if (placeOfService.Length == 2 && placeOfService[0] == '2' && placeOfService[1] == '3')
        {
            setting |= ServiceSetting.EmergencyDepartment;
        }

        if (procedure.Length == 5)
        {
            if (procedure[0] == '9' && procedure[1] == '9' && procedure[2] == '2' && procedure[3] == '8'
                && procedure[4] >= '1' && procedure[4] <= '5')
            {
                setting |= ServiceSetting.EmergencyDepartment;
            }
            else if (procedure.SequenceEqual("H2011") || procedure.SequenceEqual("S9484") || procedure.SequenceEqual("S9485")
                || procedure.SequenceEqual("90839") || procedure.SequenceEqual("90840"))
            {
                setting |= ServiceSetting.Crisis;
            }
            else if ((procedure[0] == '9' && procedure[1] == '9' && procedure[2] == '2'
                    && ((procedure[3] == '0' && procedure[4] >= '2' && procedure[4] <= '5') || (procedure[3] == '1' && procedure[4] >= '1' && procedure[4] <= '5')))
                || procedure.SequenceEqual("S9083") || procedure.SequenceEqual("S9088"))
            {
                setting |= ServiceSetting.UrgentOrOffice;
            }
        }

        if ((placeOfService.Length == 2 && placeOfService[0] == '2' && placeOfService[1] == '0') || revenue.SequenceEqual("0456"))
        {
            setting |= ServiceSetting.UrgentOrOffice;
        }

        if (institutional && typeOfBill.Length == 3)
        {
            var frequency = typeOfBill[2];
            var hospital = typeOfBill[0] == '1' && typeOfBill[1] == '1';
            if (hospital && frequency is '1' or '2' or '7')
            {
                setting |= ServiceSetting.HospitalAdmission;
                if (admissionType.Length == 1 && admissionType[0] is '1' or '2' or '5')
                {
                    setting |= ServiceSetting.Unplanned;
                }

                if (IsPsychiatricRoom(revenue))
                {
                    setting |= ServiceSetting.PsychiatricRoom;
                }

                if (IsDetoxRoom(revenue))
                {
                    setting |= ServiceSetting.DetoxRoom;
                }
            }
            else if (typeOfBill[0] == '2' && typeOfBill[1] == '1' && frequency is '1' or '2' or '7')
            {
                setting |= ServiceSetting.SkilledNursingStay;
            }

            if ((hospital && frequency is '1' or '4' or '7')
                || (typeOfBill[0] == '8' && typeOfBill[1] == '6' && frequency is '1' or '4' or '7' && revenue.SequenceEqual("1002")))
            {
                setting |= ServiceSetting.HospitalDischarge;
            }
        }

        return setting;
    }

    /// <summary>Psychiatric room and board: 0114, 0124, 0134, 0144, 0154; psychiatric intensive care 0204.</summary>
    private static bool IsPsychiatricRoom(ReadOnlySpan<char> revenue) =>
        revenue.Length == 4 && revenue[0] == '0'
        && ((revenue[1] == '1' && revenue[2] is >= '1' and <= '5' && revenue[3] == '4') || revenue.SequenceEqual("0204"));

    /// <summary>Detoxification room and board: 0116, 0126, 0136, 0146, 0156.</summary>
    private static bool IsDetoxRoom(ReadOnlySpan<char> revenue) =>
        revenue.Length == 4 && revenue[0] == '0' && revenue[1] == '1' && revenue[2] is >= '1' and <= '5' && revenue[3] == '6';
}
