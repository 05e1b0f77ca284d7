using System.Globalization;

namespace CareHub.Catalog;

/// <summary>Plain-English wording of criteria, for pages and evidence ("5 or more ED visits in the last 6 months").</summary>
public static class CriterionText
{
    public static string Describe(Criterion criterion) => criterion switch
    {
        AllOf => "All of:",
        AnyOf => "Any of:",
        NoneOf => "None of:",
        AgeCriterion { Min: { } min, Max: { } max } => $"Age {min} to {max} on the as-of date",
        AgeCriterion { Min: { } min } => $"Age {min} or older on the as-of date",
        AgeCriterion { Max: { } max } => $"Age {max} or younger on the as-of date",
        AgeCriterion => "Any age",
        EventCountCriterion e => $"{e.Min} or more {Events(e.Events)} in the last {Months(e.WindowMonths)}",
        DiagnosisCriterion d => $"{(d.MinCount > 1 ? d.MinCount.ToString(CultureInfo.InvariantCulture) + " or more claims" : "A claim")} with a {d.CodeList} diagnosis ({string.Join(", ", d.Codes.Take(6))}{(d.Codes.Count > 6 ? ", …" : "")}){(d.WindowMonths is { } w ? " in the last " + Months(w) : "")}",
        HomelessnessCriterion h => $"Experiencing homelessness{(h.IncludeAtRisk ? " or at imminent risk" : "")} in the last {h.WindowDays} days (HMIS or Z59.0 diagnosis)",
        ProgramCriterion { WithinMonths: { } m } p => $"Enrolled in {p.Program} in the last {Months(m)}",
        ProgramCriterion p => $"Enrolled in {p.Program}",
        ReleaseCriterion r => $"Released from incarceration in the last {Months(r.WithinMonths)}",
        MemberAttributeCriterion a => $"{a.Attribute} is {string.Join(" or ", a.Values)}",
        AttestationCriterion a => $"Attested: {a.Statement}",
        _ => criterion.GetType().Name,
    };

    /// <summary>The child criteria of a group, or none.</summary>
    public static IReadOnlyList<Criterion> Children(Criterion criterion) => criterion switch
    {
        AllOf a => a.Criteria,
        AnyOf a => a.Criteria,
        NoneOf n => n.Criteria,
        _ => [],
    };

    private static string Months(int months) => months == 1 ? "month" : $"{months} months";

    private static string Events(IReadOnlyList<string> kinds) => string.Join(" or ", kinds.Select(k => k switch
    {
        "ed-visit" => "ED visits",
        "inpatient-admission" => "unplanned hospital admissions",
        "snf-stay" => "short-term skilled nursing stays",
        _ => k.Replace('-', ' ') + "s",
    })) + (kinds.Count > 1 ? " (counted together)" : "");
}
