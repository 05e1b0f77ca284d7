using CareHub.Common;
using CareHub.Members;
using CareHub.Organizations;

namespace CareHub.Demo;

/// <summary>A demo county with the cities and ZIP prefixes used for addresses.</summary>
public sealed record DemoCounty(string Name, string[] Cities, string ZipPrefix);

/// <summary>Everything the demo data set contains, before it is saved.</summary>
public sealed record DemoDataSet(
    IReadOnlyList<Organization> Plans,
    IReadOnlyList<Organization> EcmProviders,
    IReadOnlyList<Organization> Cbos,
    Organization State,
    IReadOnlyList<Member> Members,
    IReadOnlyList<EnrollmentSpan> EnrollmentSpans,
    IReadOnlyList<Encounter> Encounters)
{
    public IEnumerable<Organization> Organizations => Plans.Concat(EcmProviders).Concat(Cbos).Append(State);
}

/// <summary>
/// Builds realistic, fictional demo data: 2 plans, 3 counties, 4 ECM providers, 5 CBOs, the state, and members
/// with enrollment and utilization (a long tail of heavy users). Deterministic for a seed.
/// Both plans enroll members in the first county, so their members share a county but never a view.
/// </summary>
public static class DemoDataGenerator
{
    public static readonly IReadOnlyList<DemoCounty> Counties =
    [
        new("Los Angeles", ["Los Angeles", "Long Beach", "Pomona", "Lancaster", "El Monte"], "90"),
        new("Orange", ["Santa Ana", "Anaheim", "Garden Grove", "Irvine"], "92"),
        new("San Diego", ["San Diego", "Chula Vista", "Escondido", "Oceanside"], "91"),
    ];

    public static readonly IReadOnlyList<string> HealthNetworks =
        ["Direct network", "Bayside Medical Group", "Sunrise IPA", "Community Clinic Network"];

    public static readonly IReadOnlyList<string> AidCodes = ["1H", "M1", "7U", "L1", "34", "3N", "1X"];

    public static DemoDataSet Generate(int memberCount, int seed, DateOnly today, DateTimeOffset now)
    {
        var rng = new Random(seed);
        var county1 = Counties[0].Name;
        var allCounties = Counties.Select(c => c.Name).ToList();

        Organization Org(string name, OrganizationType type, IEnumerable<string> counties, int? capacity = null, params string[] languages) =>
            new()
            {
                Id = DeterministicGuid(rng),
                Name = name,
                Type = type,
                Counties = counties.ToList(),
                Capacity = capacity,
                Languages = languages.ToList(),
                CreatedAt = now,
            };

        var plans = new[]
        {
            Org("Golden Poppy Health Plan", OrganizationType.Plan, allCounties),
            Org("Pacific Coast Community Health", OrganizationType.Plan, [county1]),
        };
        var ecm = new[]
        {
            Org("Harbor Community Clinics", OrganizationType.EcmProvider, [county1, "Orange"], 400, "English", "Spanish"),
            Org("Eastside Care Partners", OrganizationType.EcmProvider, [county1], 250, "English", "Spanish", "Armenian"),
            Org("Orange Coast Health Center", OrganizationType.EcmProvider, ["Orange"], 300, "English", "Vietnamese", "Spanish"),
            Org("Bay to Border Care Coordination", OrganizationType.EcmProvider, ["San Diego"], 200, "English", "Spanish", "Tagalog"),
        };
        var cbos = new[]
        {
            Org("Open Door Housing Collaborative", OrganizationType.Cbo, [county1, "Orange"], 150, "English", "Spanish"),
            Org("Nourish Medically Tailored Meals", OrganizationType.Cbo, allCounties, 500, "English", "Spanish", "Chinese"),
            Org("SafeHaven Recuperative Care", OrganizationType.Cbo, [county1], 60, "English", "Spanish"),
            Org("HomeWell Respite & Personal Care", OrganizationType.Cbo, ["Orange", "San Diego"], 120, "English", "Vietnamese"),
            Org("Clear Air Asthma Remediation", OrganizationType.Cbo, allCounties, 80, "English", "Spanish"),
        };
        var state = Org("California Department of Health Care Services (demo)", OrganizationType.State, allCounties);

        var members = new List<Member>(memberCount);
        var spans = new List<EnrollmentSpan>(memberCount + memberCount / 10);
        var encounters = new List<Encounter>(memberCount * 4);
        var encounterSeq = 0;
        for (var i = 0; i < memberCount; i++)
        {
            // Two thirds with the first plan; the second plan only serves the first county.
            var plan = i % 3 == 2 ? plans[1] : plans[0];
            var county = plan == plans[1] ? Counties[0] : Counties[rng.Next(Counties.Count)];
            var female = rng.NextDouble() < 0.53;
            var first = female ? Pick(rng, DemoNames.FirstFemale) : Pick(rng, DemoNames.FirstMale);
            var last = Pick(rng, DemoNames.Last);
            var age = SampleAge(rng);
            var birth = today.AddYears(-age).AddDays(-rng.Next(0, 365));
            var isDual = age >= 65 ? rng.NextDouble() < 0.7 : rng.NextDouble() < 0.04;
            var network = Pick(rng, HealthNetworks);
            var aid = Pick(rng, AidCodes);
            var member = new Member
            {
                Id = DeterministicGuid(rng),
                PlanId = plan.Id,
                PlanMemberId = (plan == plans[0] ? "GP" : "PC") + (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Cin = (90000000 + rng.Next(0, 9999999)).ToString(System.Globalization.CultureInfo.InvariantCulture) + (char)('A' + rng.Next(0, 26)),
                FirstName = first,
                LastName = last,
                BirthDate = birth,
                Sex = female ? "F" : "M",
                County = county.Name,
                HealthNetwork = network,
                IsDual = isDual,
                AidCode = aid,
                PreferredLanguage = Pick(rng, DemoNames.Languages),
                Phone = $"({county.ZipPrefix}{rng.Next(0, 10)}) 555-{rng.Next(100, 1000):000}{rng.Next(0, 10)}",
                AddressLine = $"{rng.Next(100, 9999)} {Pick(rng, DemoNames.Streets)}",
                City = Pick(rng, county.Cities),
                Zip = county.ZipPrefix + rng.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                RaceEthnicity = Pick(rng, DemoNames.RaceEthnicity),
                CreatedAt = now,
            };
            members.Add(member);

            var enrolled = new DateOnly(2021, 1, 1).AddDays(rng.Next(0, 1400));
            if (enrolled > today)
            {
                enrolled = today.AddDays(-30);
            }

            spans.Add(new EnrollmentSpan
            {
                MemberId = member.Id,
                PlanId = plan.Id,
                County = county.Name,
                AidCode = aid,
                HealthNetwork = network,
                IsDual = isDual,
                Start = enrolled,
            });

            foreach (var (cls, date, dx, desc, paid) in SampleUtilization(rng, today, enrolled))
            {
                encounters.Add(new Encounter
                {
                    Id = DeterministicGuid(rng),
                    MemberId = member.Id,
                    SourceId = $"CLM{++encounterSeq:0000000}",
                    EncounterClass = cls,
                    ServiceDate = date,
                    EndDate = cls is "inpatient" or "snf" ? date.AddDays(rng.Next(2, 12)) : null,
                    PrimaryDiagnosis = dx,
                    Description = desc,
                    PaidAmount = paid,
                });
            }
        }

        return new DemoDataSet(plans, ecm, cbos, state, members, spans, encounters);
    }

    private static int SampleAge(Random rng)
    {
        var r = rng.NextDouble();
        return r switch
        {
            < 0.30 => rng.Next(0, 21),
            < 0.75 => rng.Next(21, 50),
            < 0.90 => rng.Next(50, 65),
            _ => rng.Next(65, 95),
        };
    }

    private static readonly (string Class, string Dx, string Description, int Paid)[] _kinds =
    [
        ("ambulatory", "I10", "Office visit, hypertension follow-up", 120),
        ("ambulatory", "E11.9", "Office visit, type 2 diabetes", 140),
        ("wellness", "Z00.00", "Annual wellness visit", 180),
        ("outpatient", "J45.909", "Asthma follow-up", 160),
        ("emergency", "R07.9", "Emergency visit, chest pain", 1400),
        ("emergency", "J45.901", "Emergency visit, asthma exacerbation", 1100),
        ("emergency", "F10.129", "Emergency visit, alcohol intoxication", 1200),
        ("emergency", "Z59.01", "Emergency visit, sheltered homelessness", 950),
        ("inpatient", "I50.9", "Admission, heart failure", 18000),
        ("inpatient", "J44.1", "Admission, COPD exacerbation", 15000),
        ("snf", "Z47.1", "Skilled nursing after joint replacement", 9000),
    ];

    private static IEnumerable<(string, DateOnly, string, string, decimal)> SampleUtilization(Random rng, DateOnly today, DateOnly enrolled)
    {
        // Most members have a few routine visits; a long tail uses the ED and hospital heavily.
        var heavy = rng.NextDouble() < 0.06;
        var routine = rng.Next(0, 5);
        var acute = heavy ? rng.Next(4, 14) : rng.NextDouble() < 0.25 ? rng.Next(1, 3) : 0;
        var span = Math.Max(1, today.DayNumber - Math.Max(enrolled.DayNumber, today.AddMonths(-18).DayNumber));
        for (var k = 0; k < routine + acute; k++)
        {
            var kind = k < routine ? _kinds[rng.Next(0, 4)] : _kinds[4 + rng.Next(0, _kinds.Length - 4)];
            var date = today.AddDays(-rng.Next(0, span));
            yield return (kind.Class, date, kind.Dx, kind.Description, kind.Paid + rng.Next(0, kind.Paid / 2));
        }
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static Guid DeterministicGuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
