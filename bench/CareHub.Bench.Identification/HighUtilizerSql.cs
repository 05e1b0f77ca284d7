using System.Globalization;

namespace CareHub.Bench.Identification;

/// <summary>
/// The adult high-utilizer rule (current version: 5 or more ED visits, or 3 or more unplanned hospital admissions
/// and/or short-term skilled nursing stays, in the 6 months up to the as-of date; 21 or older; alive and enrolled on
/// the as-of date; not in an excluding program) written as one DuckDB query over the plan-data CSV files. It
/// classifies claim lines exactly as CareHub does (docs/plan-data-format.md): ED = revenue code 045x or 0981, place
/// of service 23 or procedure 99281-99285; admission = institutional type of bill 11x with admission type 1, 2 or 5;
/// skilled nursing = type of bill 21x; both on bills of frequency 1, 2 or 7; voided bills (frequency 8) count for
/// nothing; one event per member, day and kind; a skilled nursing bill on a day inside a custodial nursing facility
/// stay (and inside no skilled one, <c>nursing_facility_stays.csv</c>) is custodial care, not a stay.
/// </summary>
public static class HighUtilizerSql
{
    /// <summary>The query; it returns one column, <c>member_id</c>, one row per eligible member.</summary>
    public static string Build(string directory, DateOnly asOf, IReadOnlyList<string> exclusionPrograms)
    {
        string File(string name) => "'" + Path.Combine(Path.GetFullPath(directory), name).Replace("'", "''", StringComparison.Ordinal) + "'";
        string D(DateOnly d) => "DATE '" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        var windowStart = asOf.AddMonths(-6);
        var adultBorn = asOf.AddYears(-21);
        var excluded = string.Join(", ", exclusionPrograms.Select(p => "'" + p.Replace("'", "''", StringComparison.Ordinal) + "'"));
        var programs = System.IO.File.Exists(Path.Combine(directory, "programs.csv"))
            ? $"""
              SELECT DISTINCT member_id FROM read_csv({File("programs.csv")}, header = true, all_varchar = true)
              WHERE program IN ({excluded})
                AND CAST(start_date AS DATE) <= {D(asOf)}
                AND (coalesce(end_date, '') = '' OR CAST(end_date AS DATE) >= {D(asOf)})
              """
            : "SELECT NULL::VARCHAR AS member_id WHERE false";
        var stays = System.IO.File.Exists(Path.Combine(directory, "nursing_facility_stays.csv"))
            ? $"""
              SELECT member_id, lower(trim(level_of_care)) AS level, CAST(admission_date AS DATE) AS first_day,
                     CASE WHEN coalesce(discharge_date, '') = '' THEN DATE '9999-12-31' ELSE CAST(discharge_date AS DATE) END AS last_day
              FROM read_csv({File("nursing_facility_stays.csv")}, header = true, all_varchar = true)
              WHERE lower(trim(coalesce(level_of_care, ''))) IN ('custodial', 'skilled')
              """
            : "SELECT NULL::VARCHAR AS member_id, NULL::VARCHAR AS level, NULL::DATE AS first_day, NULL::DATE AS last_day WHERE false";
        return $"""
            WITH lines AS (
                SELECT member_id,
                       CAST(service_from AS DATE) AS day,
                       claim_type,
                       coalesce(place_of_service, '') AS pos,
                       CASE WHEN length(revenue_code) = 3 THEN '0' || revenue_code ELSE coalesce(revenue_code, '') END AS revenue,
                       CASE WHEN length(type_of_bill) = 4 AND left(type_of_bill, 1) = '0' THEN substr(type_of_bill, 2)
                            ELSE coalesce(type_of_bill, '') END AS bill,
                       coalesce(admission_type, '') AS admission,
                       coalesce(procedure_code, '') AS procedure
                FROM read_csv({File("claims.csv")}, header = true, all_varchar = true)
                WHERE CAST(service_from AS DATE) > {D(windowStart)} AND CAST(service_from AS DATE) <= {D(asOf)}
            ),
            events AS (
                SELECT member_id, day,
                       (revenue LIKE '045_' OR revenue = '0981' OR pos = '23'
                        OR procedure IN ('99281', '99282', '99283', '99284', '99285')) AS ed,
                       (claim_type = 'institutional' AND right(bill, 1) IN ('1', '2', '7') AND left(bill, 2) = '11'
                        AND admission IN ('1', '2', '5')) AS admission_event,
                       (claim_type = 'institutional' AND right(bill, 1) IN ('1', '2', '7') AND left(bill, 2) = '21') AS snf_event
                FROM lines
                WHERE NOT (length(bill) = 3 AND right(bill, 1) = '8')
            ),
            stays AS (
                {stays}
            ),
            custodial AS (
                SELECT e.member_id, e.day
                FROM (SELECT DISTINCT member_id, day FROM events WHERE snf_event) e
                JOIN stays s ON s.member_id = e.member_id AND e.day BETWEEN s.first_day AND s.last_day
                GROUP BY e.member_id, e.day
                HAVING bool_or(s.level = 'custodial') AND NOT bool_or(s.level = 'skilled')
            ),
            counts AS (
                SELECT e.member_id,
                       count(DISTINCT e.day) FILTER (WHERE e.ed) AS ed_visits,
                       count(DISTINCT e.day) FILTER (WHERE e.admission_event)
                         + count(DISTINCT e.day) FILTER (WHERE e.snf_event AND c.member_id IS NULL) AS stays
                FROM events e
                LEFT JOIN custodial c ON c.member_id = e.member_id AND c.day = e.day
                WHERE e.ed OR e.admission_event OR e.snf_event
                GROUP BY e.member_id
            ),
            members AS (
                SELECT member_id FROM read_csv({File("members.csv")}, header = true, all_varchar = true)
                WHERE CAST(birth_date AS DATE) <= {D(adultBorn)}
                  AND (coalesce(death_date, '') = '' OR CAST(death_date AS DATE) > {D(asOf)})
            ),
            enrolled AS (
                SELECT DISTINCT member_id FROM read_csv({File("enrollment.csv")}, header = true, all_varchar = true)
                WHERE CAST(start_date AS DATE) <= {D(asOf)}
                  AND (coalesce(end_date, '') = '' OR CAST(end_date AS DATE) >= {D(asOf)})
            ),
            excluded AS (
                {programs}
            )
            SELECT c.member_id
            FROM counts c
            JOIN members m USING (member_id)
            JOIN enrolled e USING (member_id)
            WHERE (c.ed_visits >= 5 OR c.stays >= 3)
              AND c.member_id NOT IN (SELECT member_id FROM excluded WHERE member_id IS NOT NULL)
            ORDER BY c.member_id
            """;
    }

    /// <summary>
    /// The same rule over a Synthea export's <c>patients.csv</c> and <c>encounters.csv</c>, classified as CareHub
    /// classifies encounters (docs/identification.md): an <c>emergency</c> encounter is an ED visit, an <c>inpatient</c>
    /// one an unplanned admission and an <c>snf</c> one a skilled nursing stay, each on the date part of START, one per
    /// patient, day and kind; a <c>hospice</c> encounter from START to STOP (open without STOP) is a hospice enrollment,
    /// which excludes the patient when it covers the as-of date and hospice is an excluding program. Synthea has no
    /// enrollment file: every patient alive on the as-of date counts as enrolled.
    /// </summary>
    public static string BuildSynthea(string directory, DateOnly asOf, IReadOnlyList<string> exclusionPrograms)
    {
        string File(string name) => "'" + Path.Combine(Path.GetFullPath(directory), name).Replace("'", "''", StringComparison.Ordinal) + "'";
        string D(DateOnly d) => "DATE '" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        var windowStart = asOf.AddMonths(-6);
        var adultBorn = asOf.AddYears(-21);
        var hospice = exclusionPrograms.Contains("hospice", StringComparer.Ordinal)
            ? $"""
              SELECT DISTINCT PATIENT AS member_id FROM encounters
              WHERE lower(ENCOUNTERCLASS) = 'hospice' AND day <= {D(asOf)}
                AND (coalesce(STOP, '') = '' OR CAST(left(STOP, 10) AS DATE) >= {D(asOf)})
              """
            : "SELECT NULL::VARCHAR AS member_id WHERE false";
        return $"""
            WITH encounters AS (
                SELECT PATIENT, STOP, ENCOUNTERCLASS, CAST(left(START, 10) AS DATE) AS day
                FROM read_csv({File("encounters.csv")}, header = true, all_varchar = true)
            ),
            counts AS (
                SELECT PATIENT AS member_id,
                       count(DISTINCT day) FILTER (WHERE cls = 'emergency') AS ed_visits,
                       count(DISTINCT day) FILTER (WHERE cls = 'inpatient') + count(DISTINCT day) FILTER (WHERE cls = 'snf') AS stays
                FROM (SELECT PATIENT, day, lower(ENCOUNTERCLASS) AS cls FROM encounters
                      WHERE day > {D(windowStart)} AND day <= {D(asOf)})
                WHERE cls IN ('emergency', 'inpatient', 'snf')
                GROUP BY PATIENT
            ),
            members AS (
                SELECT Id AS member_id FROM read_csv({File("patients.csv")}, header = true, all_varchar = true)
                WHERE CAST(left(BIRTHDATE, 10) AS DATE) <= {D(adultBorn)}
                  AND (coalesce(DEATHDATE, '') = '' OR CAST(left(DEATHDATE, 10) AS DATE) > {D(asOf)})
            ),
            excluded AS (
                {hospice}
            )
            SELECT c.member_id
            FROM counts c
            JOIN members m USING (member_id)
            WHERE (c.ed_visits >= 5 OR c.stays >= 3)
              AND c.member_id NOT IN (SELECT member_id FROM excluded WHERE member_id IS NOT NULL)
            ORDER BY c.member_id
            """;
    }
}
