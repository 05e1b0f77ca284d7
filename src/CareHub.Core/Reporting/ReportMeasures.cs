namespace CareHub.Reporting;

/// <summary>The figures of the quarterly reports: their codes (the JSON field names) and what each counts.</summary>
public static class ReportMeasures
{
    /// <summary>Quarterly ECM report, per Population of Focus and county; each counts distinct members.</summary>
    public static readonly IReadOnlyList<(string Code, string Label, string Meaning)> Ecm =
    [
        ("identified", "Identified", "members eligible or to confirm in the quarter's latest completed identification run"),
        ("referred", "Referred", "members referred for ECM during the quarter"),
        ("authorized", "Authorized", "members whose ECM authorization was approved during the quarter"),
        ("denied", "Denied", "members whose ECM authorization was denied during the quarter"),
        ("assigned", "Assigned", "members assigned to an ECM provider during the quarter"),
        ("outreached", "Outreached", "members with an outreach attempt dated in the quarter"),
        ("enrolled", "Enrolled", "members enrolled in ECM during the quarter"),
        ("disenrolled", "Disenrolled", "members disenrolled from ECM during the quarter"),
        ("activeAtEnd", "Active at quarter end", "members enrolled in ECM on the quarter's last day"),
    ];

    /// <summary>Quarterly Community Supports report, per service and county.</summary>
    public static readonly IReadOnlyList<(string Code, string Label, string Meaning)> CommunitySupports =
    [
        ("referrals", "Referrals", "referrals made during the quarter"),
        ("authorized", "Authorized", "referrals the plan approved during the quarter"),
        ("denied", "Denied", "referrals the plan denied during the quarter"),
        ("served", "Members served", "members with a service delivered in the quarter"),
        ("units", "Units", "units delivered in the quarter (days, hours, meals, ... as the service counts them)"),
        ("amount", "Amount ($)", "dollars delivered in the quarter"),
        ("loopsClosed", "Loops closed", "referrals closed with an outcome during the quarter"),
    ];

    public static bool IsEcm(string? code) => Ecm.Any(m => m.Code == code);

    public static bool IsCommunitySupports(string? code) => CommunitySupports.Any(m => m.Code == code) && code is not ("units" or "amount");

    public static string Label(string code) =>
        Ecm.Concat(CommunitySupports).FirstOrDefault(m => m.Code == code).Label ?? code;
}
