using System.Globalization;

namespace CareHub.Identification.Synthetic;

/// <summary>
/// HMIS identities and enrollments for homeless members, with realistic identity noise: most clients carry the
/// member's name, birth date and SSN; some have a misspelled name, a mistyped birth date, a partial SSN or a
/// nickname, so matching finds exact, fuzzy and needs-review cases. Extra clients who are not plan members come
/// out unmatched.
/// </summary>
internal static class HmisFactory
{
    /// <summary>The HMIS projects of the generated export: (id, name, type, county).</summary>
    public static readonly (string Id, string Name, int Type, string County)[] Projects =
    [
        ("P01", "Downtown Emergency Shelter", 0, "Los Angeles"),
        ("P02", "Night Shelter Program", 1, "Los Angeles"),
        ("P03", "Street Outreach Team North", 4, "Los Angeles"),
        ("P04", "Bridge Transitional Housing", 2, "San Diego"),
        ("P05", "Harbor Safe Haven", 8, "Orange"),
        ("P06", "Supportive Housing Partners", 3, "Alameda"),
        ("P07", "Rapid Rehousing Collaborative", 13, "Riverside"),
        ("P08", "Coordinated Entry Access Point", 14, "Sacramento"),
        ("P09", "Valley Emergency Shelter", 0, "Fresno"),
        ("P10", "Inland Street Outreach", 4, "San Bernardino"),
    ];

    private static readonly string[] _nicknames = ["Lupe", "Chuy", "Mike", "Bob", "Jim", "Chris", "Tony", "Liz", "Jen", "Kim"];

    public static HmisClientModel ForMember(SyntheticMember m, ref Rng rng, DateOnly asOf)
    {
        var first = m.FirstName;
        var last = m.LastName;
        DateOnly? dob = m.Birth;
        var ssn = m.Ssn;
        int dobQuality = 1, ssnQuality = 1, nameQuality = 1;
        var noise = rng.NextDouble();
        if (noise < 0.12)
        {
            last = Misspell(last, ref rng);
        }
        else if (noise < 0.18)
        {
            dob = MistypeDate(m.Birth, ref rng);
            ssn = "";
            ssnQuality = 99;
        }
        else if (noise < 0.22)
        {
            first = rng.Pick(_nicknames);
            ssn = "xxxxx" + ssn[5..];
            ssnQuality = 2;
            nameQuality = 2;
        }
        else if (noise < 0.25)
        {
            dobQuality = 2;
        }

        return new HmisClientModel(PersonalId(m.Index), first, last, dob, dobQuality, ssn, ssnQuality, nameQuality, m.Female, Enrollments(m.Index, ref rng, asOf));
    }

    /// <summary>A client who is not a plan member.</summary>
    public static HmisClientModel Stranger(int number, ref Rng rng, DateOnly asOf)
    {
        var female = rng.Chance(0.4);
        var first = rng.Pick(female ? SyntheticVocabulary.FemaleNames : SyntheticVocabulary.MaleNames);
        var last = rng.Pick(SyntheticVocabulary.LastNames) + rng.Pick(["son", "ez", "ski", "ley"]);
        DateOnly? dob = rng.Chance(0.9) ? asOf.AddYears(-rng.Between(18, 70)).AddDays(-rng.Next(365)) : null;
        var ssn = rng.Chance(0.7) ? string.Create(CultureInfo.InvariantCulture, $"{rng.Between(100, 899):D3}{rng.Between(10, 99):D2}{rng.Between(1, 9999):D4}") : "";
        return new HmisClientModel(string.Create(CultureInfo.InvariantCulture, $"X{number + 1:D7}"), first, last, dob, dob is null ? 99 : 1, ssn,
            ssn.Length == 0 ? 99 : 1, 1, female, Enrollments(-number - 1, ref rng, asOf));
    }

    public static string PersonalId(int memberIndex) => string.Create(CultureInfo.InvariantCulture, $"C{memberIndex + 1:D7}");

    private static List<HmisEnrollmentModel> Enrollments(int key, ref Rng rng, DateOnly asOf)
    {
        var count = rng.Between(1, 3);
        var list = new List<HmisEnrollmentModel>(count);
        for (var i = 0; i < count; i++)
        {
            var project = rng.Pick(Projects);
            var entry = asOf.AddDays(-rng.Between(0, 600));
            DateOnly? exit = rng.Chance(0.55) ? entry.AddDays(rng.Between(1, 200)) : null;
            if (exit > asOf)
            {
                exit = null;
            }

            int? destination = exit is null ? null : rng.Pick([116, 101, 410, 435, 312, 30]);
            var living = rng.Pick([116, 116, 101, 118, 207, 215, 410, 312]);
            var id = string.Create(CultureInfo.InvariantCulture, $"E{(key < 0 ? "X" : "")}{Math.Abs(key):D7}-{i + 1}");
            DateOnly? moveIn = project.Type is 3 or 13 && rng.Chance(0.6) ? entry.AddDays(rng.Between(20, 150)) : null;
            if (moveIn > (exit ?? asOf))
            {
                moveIn = null;
            }

            list.Add(new HmisEnrollmentModel(id, project.Id, project.Type, entry, living, moveIn, exit, destination));
        }

        return list;
    }

    private static string Misspell(string name, ref Rng rng)
    {
        if (name.Length < 4)
        {
            return name + "e";
        }

        var chars = name.ToCharArray();
        var at = rng.Between(1, chars.Length - 2);
        (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
        return new string(chars);
    }

    private static DateOnly MistypeDate(DateOnly date, ref Rng rng) => rng.Next(3) switch
    {
        0 when date.Day <= 12 && date.Day != date.Month => new DateOnly(date.Year, date.Day, date.Month),
        1 => date.AddYears(1),
        _ => date.AddDays(date.Day < 20 ? 10 : -10),
    };
}
