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

/// <summary>
/// Decides which utilization events a plan-data claim line is (see docs/plan-data-format.md):
/// <list type="bullet">
/// <item>ED visit: revenue code 0450-0459 or 0981, or place of service 23, or procedure 99281-99285.</item>
/// <item>Unplanned hospital admission: an institutional line with type of bill 11x and admission type 1
/// (emergency), 2 (urgent) or 5 (trauma).</item>
/// <item>Skilled nursing stay: an institutional line with type of bill 21x.</item>
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
/// 20, revenue code 0456) or an office or outpatient visit (procedure 99202-99205, 99211-99215, S9083, S9088).</item>
/// <item>Hospital discharge: an inpatient bill (11x) that ends the stay (frequency 1, 4 or 7), or a residential
/// SUD treatment bill (revenue code 1002 on a type of bill 86x); counted on <c>service_to</c>.</item>
/// </list>
/// Admissions and stays count only on bills whose frequency (the type of bill's last digit) is 1 (admit through
/// discharge), 2 (first interim) or 7 (replacement). A voided line (frequency 8) counts for nothing.
/// </summary>
internal static class ClaimLineClassifier
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

    /// <summary>Event bits for a line whose fields were validated: <paramref name="revenue"/> is empty or four
    /// digits, <paramref name="typeOfBill"/> empty or three digits (leading zero removed). The
    /// <see cref="DischargeBit"/> event is dated on the line's <c>service_to</c>, the others on <c>service_from</c>.</summary>
    public static int Classify(bool institutional, ReadOnlySpan<char> placeOfService, ReadOnlySpan<char> revenue,
        ReadOnlySpan<char> typeOfBill, ReadOnlySpan<char> admissionType, ReadOnlySpan<char> procedure, LineDiagnoses diagnoses = LineDiagnoses.None)
    {
        if (typeOfBill.Length == 3 && typeOfBill[2] == '8')
        {
            return 0;
        }

        var bits = 0;
        if (revenue.Length == 4 && revenue[0] == '0'
            && ((revenue[1] == '4' && revenue[2] == '5') || (revenue[1] == '9' && revenue[2] == '8' && revenue[3] == '1')))
        {
            bits |= EdBit;
        }

        if (placeOfService.Length == 2 && placeOfService[0] == '2' && placeOfService[1] == '3')
        {
            bits |= EdBit;
        }

        var officeVisit = false;
        if (procedure.Length == 5)
        {
            if (procedure[0] == '9' && procedure[1] == '9' && procedure[2] == '2' && procedure[3] == '8'
                && procedure[4] >= '1' && procedure[4] <= '5')
            {
                bits |= EdBit;
            }
            else if (procedure.SequenceEqual("H2011") || procedure.SequenceEqual("S9484") || procedure.SequenceEqual("S9485")
                || procedure.SequenceEqual("90839") || procedure.SequenceEqual("90840"))
            {
                bits |= CrisisBit;
            }
            else if ((procedure[0] == '9' && procedure[1] == '9' && procedure[2] == '2'
                    && ((procedure[3] == '0' && procedure[4] >= '2' && procedure[4] <= '5') || (procedure[3] == '1' && procedure[4] >= '1' && procedure[4] <= '5')))
                || procedure.SequenceEqual("S9083") || procedure.SequenceEqual("S9088"))
            {
                officeVisit = true;
            }
        }

        var urgentCare = (placeOfService.Length == 2 && placeOfService[0] == '2' && placeOfService[1] == '0')
            || revenue.SequenceEqual("0456");
        var ed = (bits & EdBit) != 0;
        if (ed)
        {
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
        else if ((diagnoses & LineDiagnoses.PrimaryAsthma) != 0 && (urgentCare || officeVisit))
        {
            bits |= AsthmaUrgentBit;
        }

        if (institutional && typeOfBill.Length == 3)
        {
            var frequency = typeOfBill[2];
            var hospital = typeOfBill[0] == '1' && typeOfBill[1] == '1';
            if (hospital && frequency is '1' or '2' or '7')
            {
                if (admissionType.Length == 1 && admissionType[0] is '1' or '2' or '5')
                {
                    bits |= InpatientBit;
                }

                if ((diagnoses & LineDiagnoses.PrimaryBehavioral) != 0 || IsPsychiatricRoom(revenue))
                {
                    bits |= BhInpatientBit;
                }

                if ((diagnoses & LineDiagnoses.PrimarySubstanceUse) != 0 || IsDetoxRoom(revenue))
                {
                    bits |= SudInpatientBit;
                }

                if ((diagnoses & LineDiagnoses.PrimaryAsthma) != 0)
                {
                    bits |= AsthmaInpatientBit;
                }
            }
            else if (typeOfBill[0] == '2' && typeOfBill[1] == '1' && frequency is '1' or '2' or '7')
            {
                bits |= SnfBit;
            }

            if ((hospital && frequency is '1' or '4' or '7')
                || (typeOfBill[0] == '8' && typeOfBill[1] == '6' && frequency is '1' or '4' or '7' && revenue.SequenceEqual("1002")))
            {
                bits |= DischargeBit;
            }
        }

        return bits;
    }

    /// <summary>Psychiatric room and board: 0114, 0124, 0134, 0144, 0154; psychiatric intensive care 0204.</summary>
    private static bool IsPsychiatricRoom(ReadOnlySpan<char> revenue) =>
        revenue.Length == 4 && revenue[0] == '0'
        && ((revenue[1] == '1' && revenue[2] is >= '1' and <= '5' && revenue[3] == '4') || revenue.SequenceEqual("0204"));

    /// <summary>Detoxification room and board: 0116, 0126, 0136, 0146, 0156.</summary>
    private static bool IsDetoxRoom(ReadOnlySpan<char> revenue) =>
        revenue.Length == 4 && revenue[0] == '0' && revenue[1] == '1' && revenue[2] is >= '1' and <= '5' && revenue[3] == '6';
}
