using System.Globalization;

namespace CareHub.Identification.Synthetic;

/// <summary>
/// Builds one synthetic member from (seed, index) alone, so members can be generated in parallel and a seed always
/// gives the same population. Distributions: Medi-Cal-like ages (about 36% under 21), eight California counties,
/// several health networks each, a dual share among older members, a log-normal utilization multiplier (a long tail
/// of heavy users) plus explicit heavy-utilizer, SMI/SUD, pregnancy, homelessness, release, nursing facility and
/// hospice/PACE/waiver/care-management profiles so that every population has members.
/// </summary>
internal static class MemberFactory
{
    private static readonly List<((int Min, int Max) Band, double Weight)> _ageBands =
    [
        ((0, 5), 10), ((6, 12), 12), ((13, 20), 14), ((21, 34), 20), ((35, 49), 17), ((50, 64), 15), ((65, 79), 9), ((80, 95), 3),
    ];

    private static readonly List<(string Race, double Weight)> _races = [.. SyntheticVocabulary.Races];

    private static readonly List<((string County, double Weight, string[] Networks, string City) County, double Weight)> _counties =
        [.. SyntheticVocabulary.Counties.Select(c => (c, c.Weight))];

    public static SyntheticMember Create(ulong seed, int index, DateOnly asOf, double lineScale)
    {
        var rng = new Rng(seed, (ulong)index, 1);
        var female = rng.Chance(0.52);
        var band = rng.Pick(_ageBands);
        var age = rng.Between(band.Min, band.Max);
        var birth = asOf.AddYears(-age).AddDays(-rng.Next(365));
        var hispanic = rng.Chance(0.48);
        var race = hispanic ? (rng.Chance(0.7) ? "other" : "white") : rng.Pick(_races);
        var ethnicity = hispanic ? "hispanic" : rng.Chance(0.9) ? "not-hispanic" : "unknown";
        var county = rng.Pick(_counties);
        var ssn = string.Create(CultureInfo.InvariantCulture, $"{rng.Between(100, 899):D3}{rng.Between(10, 99):D2}{rng.Between(1, 9999):D4}");
        var idRng = new Rng(seed, (ulong)index, 2);
        var member = new SyntheticMember
        {
            Index = index,
            PlanId = SyntheticIds.PlanMemberId(index),
            SyntheaId = idRng.Uuid(),
            FirstName = rng.Pick(female ? SyntheticVocabulary.FemaleNames : SyntheticVocabulary.MaleNames),
            LastName = rng.Pick(SyntheticVocabulary.LastNames),
            Female = female,
            Birth = birth,
            Race = race,
            Ethnicity = ethnicity,
            Ssn = ssn,
            City = county.City,
            Zip = string.Create(CultureInfo.InvariantCulture, $"9{rng.Between(0, 6)}{rng.Between(0, 999):D3}"),
        };

        var dual = age >= 65 ? rng.Chance(0.8) : age >= 21 && rng.Chance(0.05);
        var network = rng.Pick(county.Networks);
        var aid = rng.Pick(SyntheticVocabulary.AidCodes);
        var historyStart = asOf.AddMonths(-24).AddDays(1);
        var enrolledSince = Max(birth, asOf.AddYears(-6).AddDays(rng.Next(365 * 4)));
        var shape = rng.NextDouble();
        var leftOn = Min(asOf.AddDays(-1), historyStart.AddDays(rng.Next(700)));
        var gapStart = historyStart.AddDays(rng.Next(300));
        var gapDays = rng.Between(30, 200);
        var joined = Max(birth, asOf.AddDays(-rng.Between(1, 365)));
        var secondNetwork = rng.Pick(county.Networks);
        if (shape < 0.06 && leftOn > enrolledSince)
        {
            // Left the plan before the as-of date.
            member.Spans.Add(new(enrolledSince, leftOn, county.County, network, dual, aid));
        }
        else if (shape < 0.10)
        {
            // Joined recently.
            member.Spans.Add(new(joined, null, county.County, network, dual, aid));
        }
        else if (shape < 0.12 && enrolledSince < gapStart)
        {
            // A gap in coverage.
            member.Spans.Add(new(enrolledSince, gapStart, county.County, network, dual, aid));
            member.Spans.Add(new(gapStart.AddDays(gapDays), null, county.County, secondNetwork, dual, aid));
        }
        else
        {
            member.Spans.Add(new(enrolledSince, null, county.County, network, dual, aid));
        }

        if (rng.Chance(age >= 65 ? 0.03 : 0.003))
        {
            // Never before birth (a baby born during the history may die, but not before being born).
            member.Death = Max(birth, historyStart.AddDays(rng.Next(asOf.DayNumber - historyStart.DayNumber + 1)));
        }

        AddVisits(member, ref rng, age, asOf, historyStart, lineScale);
        AddPrograms(member, ref rng, age, asOf);
        AddHomelessness(member, ref rng, seed, age, asOf);
        if (member.Death is { } died)
        {
            member.Visits.RemoveAll(v => v.Date > died);
        }

        member.Visits.Sort((a, b) => a.Date.CompareTo(b.Date) is var c && c != 0 ? c : a.Kind.CompareTo(b.Kind));
        return member;
    }

    private static void AddVisits(SyntheticMember m, ref Rng rng, int age, DateOnly asOf, DateOnly historyStart, double scale)
    {
        var days = asOf.DayNumber - historyStart.DayNumber + 1;
        DateOnly AnyDay(ref Rng r) => historyStart.AddDays(r.Next(days));
        DateOnly Recent(ref Rng r, int months) => asOf.AddDays(-r.Next(asOf.DayNumber - asOf.AddMonths(-months).DayNumber));
        var adult = age >= 21;
        var intensity = rng.LogNormal(1.0);
        var chronic = new List<string>();
        if (adult)
        {
            foreach (var code in SyntheticVocabulary.ChronicAdultDiagnoses)
            {
                if (rng.Chance(age >= 50 ? 0.18 : 0.06))
                {
                    chronic.Add(code);
                }
            }
        }
        else if (rng.Chance(0.1))
        {
            chronic.Add("J45.909");
        }

        var smi = rng.Chance(adult ? 0.035 : 0.01);
        var sud = adult && rng.Chance(0.03);
        if (smi)
        {
            chronic.Add(rng.Pick(SyntheticVocabulary.SmiDiagnoses));
        }

        if (sud)
        {
            chronic.Add(rng.Pick(SyntheticVocabulary.SudDiagnoses));
        }

        string[] OfficeDx(ref Rng r)
        {
            var count = r.Between(1, 3);
            var dx = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                var code = chronic.Count > 0 && r.Chance(0.6) ? r.Pick(chronic) : r.Pick(SyntheticVocabulary.CommonDiagnoses);
                if (!dx.Contains(code))
                {
                    dx.Add(code);
                }
            }

            return [.. dx];
        }

        string[] EdDx(ref Rng r)
        {
            if (sud && r.Chance(0.3))
            {
                return [r.Pick(SyntheticVocabulary.SudDiagnoses), r.Pick(SyntheticVocabulary.EdDiagnoses)];
            }

            return smi && r.Chance(0.2)
                ? [r.Pick(SyntheticVocabulary.SmiDiagnoses)]
                : [r.Pick(SyntheticVocabulary.EdDiagnoses)];
        }

        var office = rng.Poisson(10 * scale * (age >= 65 ? 1.5 : 1) * Math.Min(3, intensity));
        for (var i = 0; i < office; i++)
        {
            m.Visits.Add(new(AnyDay(ref rng), VisitKind.Office, OfficeDx(ref rng), 1));
        }

        var labs = rng.Poisson(5 * scale * Math.Min(3, intensity));
        for (var i = 0; i < labs; i++)
        {
            m.Visits.Add(new(AnyDay(ref rng), VisitKind.Lab, [rng.Pick(SyntheticVocabulary.CommonDiagnoses)], 1));
        }

        var ed = rng.Poisson(0.5 * intensity);
        for (var i = 0; i < ed; i++)
        {
            m.Visits.Add(new(AnyDay(ref rng), VisitKind.Emergency, EdDx(ref rng), 1));
        }

        if (rng.Chance(0.025))
        {
            // Heavy ED users: a cluster of recent visits.
            var cluster = adult ? rng.Between(3, 10) : rng.Between(2, 5);
            for (var i = 0; i < cluster; i++)
            {
                m.Visits.Add(new(Recent(ref rng, adult ? 7 : 12), VisitKind.Emergency, EdDx(ref rng), 1));
            }
        }

        var admissions = rng.Poisson(0.08 * intensity * (age >= 65 ? 3 : 1));
        for (var i = 0; i < admissions; i++)
        {
            m.Visits.Add(new(AnyDay(ref rng), rng.Chance(0.15) ? VisitKind.ElectiveInpatient : VisitKind.Inpatient, EdDx(ref rng), rng.Between(2, 8)));
        }

        if (rng.Chance(0.008))
        {
            var cluster = rng.Between(2, 4);
            for (var i = 0; i < cluster; i++)
            {
                m.Visits.Add(new(Recent(ref rng, 7), VisitKind.Inpatient, EdDx(ref rng), rng.Between(2, 10)));
            }
        }

        var snf = age >= 65 ? rng.Poisson(0.1 * intensity) + (rng.Chance(0.05) ? rng.Between(1, 3) : 0) : rng.Chance(0.002) ? 1 : 0;
        for (var i = 0; i < snf; i++)
        {
            m.Visits.Add(new(Recent(ref rng, 14), VisitKind.Snf, OfficeDx(ref rng), rng.Between(5, 45)));
        }

        if (smi || sud)
        {
            var sessions = rng.Poisson(10);
            for (var i = 0; i < sessions; i++)
            {
                var code = smi && (!sud || rng.Chance(0.5)) ? chronic.First(c => c.StartsWith('F') && !IsSud(c)) : chronic.First(IsSud);
                m.Visits.Add(new(Recent(ref rng, 18), VisitKind.Behavioral, [code], 1));
            }

            var crisis = rng.Poisson(smi ? 0.8 : 0.3);
            for (var i = 0; i < crisis; i++)
            {
                m.Visits.Add(new(Recent(ref rng, 12), VisitKind.Crisis, [chronic.First(c => c.StartsWith('F'))], 1));
            }
        }

        if (m.Female && age is >= 15 and <= 44 && rng.Chance(0.07))
        {
            var start = asOf.AddDays(-rng.Between(30, 540));
            var delivery = start.AddDays(270);
            var prenatal = rng.Between(5, 10);
            for (var i = 0; i < prenatal; i++)
            {
                var date = start.AddDays(rng.Between(20, 260));
                if (date <= asOf)
                {
                    m.Visits.Add(new(date, VisitKind.Prenatal, [rng.Pick(SyntheticVocabulary.PregnancyDiagnoses)], 1));
                }
            }

            if (delivery <= asOf)
            {
                m.Visits.Add(new(delivery, VisitKind.Delivery, ["Z34.90"], 2));
            }
        }
    }

    private static bool IsSud(string code) => SyntheticVocabulary.SudDiagnoses.Contains(code);

    private static void AddPrograms(SyntheticMember m, ref Rng rng, int age, DateOnly asOf)
    {
        var n = 0;
        string Id(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{m.Index + 1:D7}-{++n}");
        if (rng.Chance(age >= 70 ? 0.01 : 0.0005))
        {
            m.Programs.Add(new(ProgramCodes.Hospice, asOf.AddDays(-rng.Between(0, 90)), null, Id("H")));
        }

        if (age >= 55 && rng.Chance(0.01))
        {
            m.Programs.Add(new(ProgramCodes.Pace, asOf.AddDays(-rng.Between(30, 1500)), null, Id("P")));
        }

        if (rng.Chance(0.005))
        {
            var waiver = rng.Pick([ProgramCodes.Waiver1915C, ProgramCodes.Waiver1915C, "1915c-hcba", "1915c-mssp", "1915c-alw"]);
            m.Programs.Add(new(waiver, asOf.AddDays(-rng.Between(30, 1500)), rng.Chance(0.3) ? asOf.AddDays(-rng.Between(1, 29)) : null, Id("W")));
        }

        if (rng.Chance(0.01))
        {
            m.Programs.Add(new(ProgramCodes.OtherCareManagement, asOf.AddDays(-rng.Between(10, 400)), rng.Chance(0.5) ? asOf.AddDays(rng.Between(-5, 60)) : null, Id("M")));
        }

        if (rng.Chance(0.02))
        {
            m.Programs.Add(new(rng.Chance(0.5) ? ProgramCodes.WholePersonCare : ProgramCodes.HealthHomes, new DateOnly(2019, 1, 1).AddDays(rng.Next(700)), new DateOnly(2021, 12, 31), Id("X")));
        }

        if (age < 21 && rng.Chance(0.01))
        {
            m.Programs.Add(new(ProgramCodes.Ccs, asOf.AddDays(-rng.Between(30, 2000)), null, Id("C")));
        }

        // County behavioral health: members treated for serious mental illness or substance use are often also
        // enrolled in county specialty mental health or (organized delivery system) Drug Medi-Cal.
        var behavioral = m.Visits.Where(v => v.Kind == VisitKind.Behavioral).Select(v => v.Diagnoses[0]).FirstOrDefault();
        if (behavioral is not null && rng.Chance(0.6))
        {
            var program = SyntheticVocabulary.SudDiagnoses.Contains(behavioral) ? (rng.Chance(0.7) ? ProgramCodes.DmcOds : ProgramCodes.Dmc) : ProgramCodes.Smhs;
            m.Programs.Add(new(program, asOf.AddDays(-rng.Between(30, 900)), null, Id("B")));
        }

        if (age < 21 && rng.Chance(0.012))
        {
            var foster = rng.Chance(0.6);
            var start = Max(m.Birth, asOf.AddDays(-rng.Between(60, 1500)));
            DateOnly? end = foster && rng.Chance(0.7) ? null : Min(asOf.AddDays(-1), start.AddDays(rng.Between(30, 700)));
            m.Programs.Add(new(foster ? ProgramCodes.FosterCare : ProgramCodes.ChildWelfare, start, end, Id("F")));
        }

        if (m.Current.Dual && rng.Chance(0.15))
        {
            m.Programs.Add(new(ProgramCodes.DSnp, asOf.AddDays(-rng.Between(30, 700)), null, Id("D")));
        }

        var releaseChance = !m.Female && age is >= 18 and <= 55 ? 0.02 : age >= 14 ? 0.003 : 0;
        if (rng.Chance(releaseChance))
        {
            var type = age < 18 ? "youth" : rng.Chance(0.7) ? "jail" : "prison";
            var name = type switch { "youth" => "County Juvenile Hall", "jail" => "County Men's Central Jail", _ => "State Prison" };
            m.Releases.Add(new(asOf.AddDays(-rng.Between(1, 540)), type, name, Id("R")));
        }

        if (rng.Chance(age >= 75 ? 0.06 : age >= 65 ? 0.02 : 0.0005))
        {
            var admission = asOf.AddDays(-rng.Between(60, 900));
            DateOnly? discharge = rng.Chance(0.3) ? Min(asOf, admission.AddDays(rng.Between(30, 400))) : null;
            m.NursingStays.Add(new(admission, discharge, Id("N"), rng.Pick(["Sunrise Care Center", "Golden Oaks Nursing", "Valley Skilled Nursing"])));
        }
    }

    private static void AddHomelessness(SyntheticMember m, ref Rng rng, ulong seed, int age, DateOnly asOf)
    {
        if (!rng.Chance(age is >= 18 and <= 64 ? 0.025 : 0.008))
        {
            return;
        }

        var hmis = new Rng(seed, (ulong)m.Index, 3);
        m.Hmis = HmisFactory.ForMember(m, ref hmis, asOf);
        if (rng.Chance(0.6))
        {
            // Some homeless members also carry a Z59.0 diagnosis on recent visits.
            for (var i = 0; i < m.Visits.Count; i++)
            {
                var v = m.Visits[i];
                if (v.Date > asOf.AddMonths(-12) && v.Kind is VisitKind.Office or VisitKind.Emergency && rng.Chance(0.6) && v.Diagnoses.Length < 4)
                {
                    m.Visits[i] = v with { Diagnoses = [.. v.Diagnoses, SyntheticVocabulary.Homeless] };
                }
            }
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}

/// <summary>The ids the generator gives members, so tests can relate the plan-data and Synthea outputs of one seed.</summary>
public static class SyntheticIds
{
    /// <summary>The plan-data member id of the member at <paramref name="index"/> (0-based): M0000001, ...</summary>
    public static string PlanMemberId(int index) => string.Create(CultureInfo.InvariantCulture, $"M{index + 1:D7}");

    /// <summary>The Synthea patient Id of the member at <paramref name="index"/> for a seed.</summary>
    public static string SyntheaPatientId(ulong seed, int index)
    {
        var rng = new Rng(seed, (ulong)index, 2);
        return rng.Uuid();
    }
}
