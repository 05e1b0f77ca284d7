namespace CareHub.Identification.Engine;

/// <summary>
/// Decides which utilization events a plan-data claim line is (see docs/plan-data-format.md):
/// <list type="bullet">
/// <item>ED visit: revenue code 0450-0459 or 0981, or place of service 23, or procedure 99281-99285.</item>
/// <item>Unplanned hospital admission: an institutional line with type of bill 11x and admission type 1
/// (emergency), 2 (urgent) or 5 (trauma).</item>
/// <item>Skilled nursing stay: an institutional line with type of bill 21x.</item>
/// <item>Crisis visit: procedure H2011, S9484, S9485, 90839 or 90840.</item>
/// </list>
/// Admissions and stays count only on bills whose frequency (the type of bill's last digit) is 1 (admit through
/// discharge), 2 (first interim) or 7 (replacement). A voided line (frequency 8) counts for nothing.
/// </summary>
internal static class ClaimLineClassifier
{
    public const int EdBit = 1 << EventKinds.Ed;
    public const int InpatientBit = 1 << EventKinds.Inpatient;
    public const int SnfBit = 1 << EventKinds.Snf;
    public const int CrisisBit = 1 << EventKinds.Crisis;

    /// <summary>Event bits for a line whose fields were validated: <paramref name="revenue"/> is empty or four
    /// digits, <paramref name="typeOfBill"/> empty or three digits (leading zero removed).</summary>
    public static int Classify(bool institutional, ReadOnlySpan<char> placeOfService, ReadOnlySpan<char> revenue,
        ReadOnlySpan<char> typeOfBill, ReadOnlySpan<char> admissionType, ReadOnlySpan<char> procedure)
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
        }

        if (institutional && typeOfBill.Length == 3 && typeOfBill[2] is '1' or '2' or '7')
        {
            if (typeOfBill[0] == '1' && typeOfBill[1] == '1'
                && admissionType.Length == 1 && admissionType[0] is '1' or '2' or '5')
            {
                bits |= InpatientBit;
            }
            else if (typeOfBill[0] == '2' && typeOfBill[1] == '1')
            {
                bits |= SnfBit;
            }
        }

        return bits;
    }
}
