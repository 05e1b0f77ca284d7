using System.Globalization;

namespace CareHub.Identification.Synthetic;

/// <summary>Writes a synthetic member as plan-data rows (docs/plan-data-format.md).</summary>
internal static class PlanDataEmitter
{
    public static readonly OutputTable Members = new("members",
    [
        ("member_id", ColumnType.Text), ("first_name", ColumnType.Text), ("last_name", ColumnType.Text), ("birth_date", ColumnType.Date),
        ("death_date", ColumnType.Date), ("sex", ColumnType.Text), ("race", ColumnType.Text), ("ethnicity", ColumnType.Text),
        ("ssn_last4", ColumnType.Text),
    ]);

    public static readonly OutputTable Enrollment = new("enrollment",
    [
        ("member_id", ColumnType.Text), ("start_date", ColumnType.Date), ("end_date", ColumnType.Date), ("county", ColumnType.Text),
        ("health_network", ColumnType.Text), ("dual", ColumnType.Text), ("aid_code", ColumnType.Text),
    ]);

    public static readonly OutputTable Claims = new("claims",
    [
        ("claim_id", ColumnType.Text), ("line", ColumnType.Int), ("member_id", ColumnType.Text), ("service_from", ColumnType.Date),
        ("service_to", ColumnType.Date), ("claim_type", ColumnType.Text), ("place_of_service", ColumnType.Text),
        ("revenue_code", ColumnType.Text), ("type_of_bill", ColumnType.Text), ("admission_type", ColumnType.Text),
        ("diagnosis_1", ColumnType.Text), ("diagnosis_2", ColumnType.Text), ("diagnosis_3", ColumnType.Text),
        ("diagnosis_4", ColumnType.Text), ("procedure_code", ColumnType.Text), ("paid_amount", ColumnType.Money),
    ]);

    public static readonly OutputTable Programs = new("programs",
    [
        ("member_id", ColumnType.Text), ("program", ColumnType.Text), ("start_date", ColumnType.Date), ("end_date", ColumnType.Date),
        ("enrollment_id", ColumnType.Text),
    ]);

    public static readonly OutputTable PriorEnrollment = new("prior_enrollment",
    [
        ("member_id", ColumnType.Text), ("program", ColumnType.Text), ("start_date", ColumnType.Date), ("end_date", ColumnType.Date),
        ("enrollment_id", ColumnType.Text),
    ]);

    public static readonly OutputTable Releases = new("releases",
    [
        ("member_id", ColumnType.Text), ("release_id", ColumnType.Text), ("release_date", ColumnType.Date),
        ("facility_type", ColumnType.Text), ("facility_name", ColumnType.Text),
    ]);

    public static readonly OutputTable NursingFacilityStays = new("nursing_facility_stays",
    [
        ("member_id", ColumnType.Text), ("stay_id", ColumnType.Text), ("admission_date", ColumnType.Date),
        ("discharge_date", ColumnType.Date), ("level_of_care", ColumnType.Text), ("facility_name", ColumnType.Text),
    ]);

    public static readonly OutputTable[] Tables = [Members, Enrollment, Claims, Programs, PriorEnrollment, Releases, NursingFacilityStays];

    private static readonly string[] _labCodes = ["80053", "85025", "83036", "80061", "84443", "81001"];
    private static readonly string[] _edAncillary = ["0300", "0320", "0250", "0636"];
    private static readonly string[] _edAncillaryCodes = ["80053", "71046", "J1885", "96374"];

    /// <summary>Writes the member; <paramref name="outputs"/> are in <see cref="Tables"/> order.</summary>
    public static void Emit(SyntheticMember m, RowOutput[] outputs, ulong seed)
    {
        var (members, enrollment, claims, programs, prior, releases, stays) = (outputs[0], outputs[1], outputs[2], outputs[3], outputs[4], outputs[5], outputs[6]);
        members.Text(m.PlanId);
        members.Text(m.FirstName);
        members.Text(m.LastName);
        members.Date(m.Birth);
        members.Date(m.Death);
        members.Text(m.Female ? "F" : "M");
        members.Text(m.Race);
        members.Text(m.Ethnicity);
        members.Text(m.Ssn.AsSpan(5));
        members.End();

        foreach (var s in m.Spans)
        {
            enrollment.Text(m.PlanId);
            enrollment.Date(s.Start);
            enrollment.Date(s.End);
            enrollment.Text(s.County);
            enrollment.Text(s.Network);
            enrollment.Text(s.Dual ? "Y" : "N");
            enrollment.Text(s.AidCode);
            enrollment.End();
        }

        var rng = new Rng(seed, (ulong)m.Index, 5);
        var claim = 0;
        Span<char> id = stackalloc char[32];
        foreach (var v in m.Visits)
        {
            WriteVisit(m, v, claims, ref rng, ref claim, id);
        }

        foreach (var p in m.Programs)
        {
            var target = p.Program is ProgramCodes.WholePersonCare or ProgramCodes.HealthHomes ? prior : programs;
            target.Text(m.PlanId);
            target.Text(p.Program);
            target.Date(p.Start);
            target.Date(p.End);
            target.Text(p.Id);
            target.End();
        }

        foreach (var r in m.Releases)
        {
            releases.Text(m.PlanId);
            releases.Text(r.Id);
            releases.Date(r.Date);
            releases.Text(r.FacilityType);
            releases.Text(r.FacilityName);
            releases.End();
        }

        foreach (var n in m.NursingStays)
        {
            stays.Text(m.PlanId);
            stays.Text(n.Id);
            stays.Date(n.Admission);
            stays.Date(n.Discharge);
            stays.Text("custodial");
            stays.Text(n.Facility);
            stays.End();
        }
    }

    private static void WriteVisit(SyntheticMember m, Visit v, RowOutput claims, ref Rng rng, ref int claim, Span<char> id)
    {
        var end = v.Date.AddDays(Math.Max(0, v.Days - 1));
        switch (v.Kind)
        {
            case VisitKind.Office:
            case VisitKind.Prenatal:
                {
                    var claimId = ClaimId(m, ++claim, id);
                    var code = v.Kind == VisitKind.Prenatal ? (rng.Chance(0.5) ? "59425" : "99213") : rng.Chance(0.6) ? "99213" : "99214";
                    Line(claims, claimId, 1, m, v.Date, v.Date, false, "11", "", "", "", v.Diagnoses, code, rng.Between(4500, 13000));
                    if (rng.Chance(0.3))
                    {
                        Line(claims, claimId, 2, m, v.Date, v.Date, false, "11", "", "", "", v.Diagnoses, "36415", rng.Between(300, 900));
                    }

                    break;
                }

            case VisitKind.Lab:
                {
                    var claimId = ClaimId(m, ++claim, id);
                    var lines = rng.Between(1, 3);
                    for (var i = 1; i <= lines; i++)
                    {
                        Line(claims, claimId, i, m, v.Date, v.Date, false, "81", "", "", "", v.Diagnoses, rng.Pick(_labCodes), rng.Between(500, 4000));
                    }

                    break;
                }

            case VisitKind.Emergency:
                {
                    var facility = ClaimId(m, ++claim, id).ToString();
                    var level = rng.Pick(["99283", "99284", "99285"]);
                    Line(claims, facility, 1, m, v.Date, v.Date, true, "", "0450", "0131", "", v.Diagnoses, level, rng.Between(30000, 150000));
                    var ancillary = rng.Between(0, 2);
                    for (var i = 0; i < ancillary; i++)
                    {
                        var k = rng.Next(_edAncillary.Length);
                        Line(claims, facility, i + 2, m, v.Date, v.Date, true, "", _edAncillary[k], "0131", "", v.Diagnoses, _edAncillaryCodes[k], rng.Between(2000, 40000));
                    }

                    var professional = ClaimId(m, ++claim, id);
                    Line(claims, professional, 1, m, v.Date, v.Date, false, "23", "", "", "", v.Diagnoses, level, rng.Between(8000, 25000));
                    break;
                }

            case VisitKind.Inpatient:
            case VisitKind.ElectiveInpatient:
            case VisitKind.Delivery:
                {
                    var admission = v.Kind switch { VisitKind.ElectiveInpatient => "3", VisitKind.Delivery => "2", _ => rng.Chance(0.9) ? "1" : rng.Chance(0.7) ? "2" : "5" };
                    var facility = ClaimId(m, ++claim, id).ToString();
                    var room = v.Kind == VisitKind.Delivery ? "0720" : "0120";
                    Line(claims, facility, 1, m, v.Date, end, true, "", room, "0111", admission, v.Diagnoses, "", rng.Between(200000, 900000));
                    Line(claims, facility, 2, m, v.Date, end, true, "", "0250", "0111", admission, v.Diagnoses, "", rng.Between(5000, 80000));
                    if (rng.Chance(0.5))
                    {
                        Line(claims, facility, 3, m, v.Date, end, true, "", "0300", "0111", admission, v.Diagnoses, "", rng.Between(3000, 30000));
                    }

                    var professional = ClaimId(m, ++claim, id);
                    Line(claims, professional, 1, m, v.Date, v.Date, false, "21", "", "", "", v.Diagnoses, v.Kind == VisitKind.Delivery ? "59400" : "99223", rng.Between(15000, 40000));
                    break;
                }

            case VisitKind.Snf:
                {
                    // Stays over 30 days are billed in 30-day interim bills: 0212 (first), 0213 (continuing), 0214 (last).
                    var from = v.Date;
                    var interim = v.Days > 30;
                    var part = 0;
                    while (from <= end)
                    {
                        var to = interim ? Min(end, from.AddDays(29)) : end;
                        var bill = !interim ? "0211" : part == 0 ? "0212" : to == end ? "0214" : "0213";
                        var claimId = ClaimId(m, ++claim, id).ToString();
                        Line(claims, claimId, 1, m, from, to, true, "", "0022", bill, "2", v.Diagnoses, "", rng.Between(100000, 600000));
                        Line(claims, claimId, 2, m, from, to, true, "", "0120", bill, "2", v.Diagnoses, "", rng.Between(50000, 300000));
                        from = to.AddDays(1);
                        part++;
                    }

                    break;
                }

            case VisitKind.Behavioral:
                {
                    var claimId = ClaimId(m, ++claim, id);
                    Line(claims, claimId, 1, m, v.Date, v.Date, false, rng.Chance(0.5) ? "11" : "53", "", "", "", v.Diagnoses, rng.Chance(0.5) ? "90834" : "90837", rng.Between(8000, 16000));
                    break;
                }

            case VisitKind.Crisis:
                {
                    var claimId = ClaimId(m, ++claim, id);
                    Line(claims, claimId, 1, m, v.Date, v.Date, false, "15", "", "", "", v.Diagnoses, "H2011", rng.Between(10000, 30000));
                    break;
                }
        }
    }

    private static ReadOnlySpan<char> ClaimId(SyntheticMember m, int number, Span<char> buffer)
    {
        buffer[0] = 'C';
        (m.Index + 1).TryFormat(buffer[1..], out var n, default, CultureInfo.InvariantCulture);
        buffer[n + 1] = '-';
        number.TryFormat(buffer[(n + 2)..], out var k, default, CultureInfo.InvariantCulture);
        return buffer[..(n + 2 + k)];
    }

    private static void Line(RowOutput claims, ReadOnlySpan<char> claimId, int line, SyntheticMember m, DateOnly from, DateOnly to,
        bool institutional, string pos, string revenue, string bill, string admission, string[] dx, string procedure, long cents)
    {
        claims.Text(claimId);
        claims.Int(line);
        claims.Text(m.PlanId);
        claims.Date(from);
        claims.Date(to);
        claims.Text(institutional ? "institutional" : "professional");
        claims.Text(pos);
        claims.Text(revenue);
        claims.Text(bill);
        claims.Text(admission);
        for (var i = 0; i < 4; i++)
        {
            claims.Text(i < dx.Length ? dx[i] : "");
        }

        claims.Text(procedure);
        claims.Money(cents);
        claims.End();
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
