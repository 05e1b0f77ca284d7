namespace CareHub.Ecm;

/// <summary>
/// The statuses of an ECM case, in order: <c>referred</c>, <c>authorized</c> (or <c>denied</c>), <c>assigned</c>,
/// <c>accepted</c> (or back to <c>authorized</c> when the provider declines), <c>outreach</c>, <c>enrolled</c>, then
/// <c>disenrolled</c>. The names are part of the API contract.
/// </summary>
public static class EcmStatus
{
    public const string Referred = "referred";
    public const string Authorized = "authorized";
    public const string Denied = "denied";
    public const string Assigned = "assigned";
    public const string Accepted = "accepted";
    public const string Outreach = "outreach";
    public const string Enrolled = "enrolled";
    public const string Disenrolled = "disenrolled";

    public static readonly IReadOnlyList<string> All = [Referred, Authorized, Denied, Assigned, Accepted, Outreach, Enrolled, Disenrolled];

    /// <summary>Statuses of a case that is still open (a member has at most one open case).</summary>
    public static readonly IReadOnlyList<string> Open = [Referred, Authorized, Assigned, Accepted, Outreach, Enrolled];

    /// <summary>Statuses a case should move on from; one unchanged too long is "stuck" (enrolled is where a case stays).</summary>
    public static readonly IReadOnlyList<string> Transitional = [Referred, Authorized, Assigned, Accepted, Outreach];

    /// <summary>Statuses in which a provider is working the case (it counts against the provider's capacity).</summary>
    public static readonly IReadOnlyList<string> WithProvider = [Assigned, Accepted, Outreach, Enrolled];

    public static bool IsOpen(string status) => Open.Contains(status);

    public static bool IsKnown(string status) => All.Contains(status);

    /// <summary>What a person reads for a status.</summary>
    public static string Label(string status) => status switch
    {
        Referred => "Referred, awaiting authorization",
        Authorized => "Authorized, awaiting assignment",
        Denied => "Denied",
        Assigned => "Assigned, awaiting the provider",
        Accepted => "Accepted by the provider",
        Outreach => "Outreach under way",
        Enrolled => "Enrolled",
        Disenrolled => "Disenrolled",
        _ => status,
    };
}

/// <summary>Where a referral for ECM came from.</summary>
public static class EcmSource
{
    public const string Identification = "identification";
    public const string Wpc = "wpc";
    public const string Hhp = "hhp";
    public const string Pcp = "pcp";
    public const string Hospital = "hospital";
    public const string Cbo = "cbo";
    public const string EcmProvider = "ecm-provider";
    public const string Member = "member";
    public const string Family = "family";
    public const string Plan = "plan";

    public static readonly IReadOnlyList<string> All = [Identification, Wpc, Hhp, Pcp, Hospital, Cbo, EcmProvider, Member, Family, Plan];

    public static bool IsKnown(string? source) => source is not null && All.Contains(source);

    /// <summary>Members moving from Whole Person Care or the Health Homes Program on 2022-01-01 (see
    /// <see cref="WpcHhpTransition"/>).</summary>
    public static bool IsTransition(string source) => source is Wpc or Hhp;

    public static string Label(string source) => source switch
    {
        Identification => "Identification run",
        Wpc => "Whole Person Care transition",
        Hhp => "Health Homes Program transition",
        Pcp => "Primary care provider",
        Hospital => "Hospital",
        Cbo => "Community-based organization",
        EcmProvider => "ECM provider",
        Member => "Member (self-referral)",
        Family => "Family or caregiver",
        Plan => "Plan care management",
        _ => source,
    };
}

/// <summary>How an outreach attempt was made.</summary>
public static class OutreachModality
{
    public const string InPerson = "in-person";
    public const string Phone = "phone";
    public const string Text = "text";
    public const string Mail = "mail";
    public const string Email = "email";
    public const string Partner = "partner";

    public static readonly IReadOnlyList<string> All = [InPerson, Phone, Text, Mail, Email, Partner];

    public static string Label(string modality) => modality switch
    {
        InPerson => "In person",
        Phone => "Phone",
        Text => "Text message",
        Mail => "Mail",
        Email => "E-mail",
        Partner => "Through a partner",
        _ => modality,
    };
}

/// <summary>What came of an outreach attempt. Only <see cref="Reached"/> counts as contact with the member.</summary>
public static class OutreachOutcome
{
    public const string Reached = "reached";
    public const string NoAnswer = "no-answer";
    public const string LeftMessage = "left-message";
    public const string NotFound = "not-found";
    public const string WrongContact = "wrong-contact";
    public const string Declined = "declined";

    public static readonly IReadOnlyList<string> All = [Reached, NoAnswer, LeftMessage, NotFound, WrongContact, Declined];

    public static string Label(string outcome) => outcome switch
    {
        Reached => "Reached the member",
        NoAnswer => "No answer",
        LeftMessage => "Left a message",
        NotFound => "Not found at location",
        WrongContact => "Wrong contact information",
        Declined => "Member declined ECM",
        _ => outcome,
    };
}

/// <summary>Why a member leaves ECM.</summary>
public static class DisenrollmentReason
{
    public const string Graduated = "graduated";
    public const string UnableToReach = "unable-to-reach";
    public const string MemberDeclined = "member-declined";
    public const string Excluded = "excluded";
    public const string LostEligibility = "lost-eligibility";
    public const string MovedOut = "moved-out-of-area";
    public const string Deceased = "deceased";
    public const string Other = "other";

    /// <summary>A presumptive enrollment the plan denied or did not authorize within its clock (set by CareHub, not
    /// chosen by a user).</summary>
    public const string PresumptiveNotAuthorized = "presumptive-not-authorized";

    public static readonly IReadOnlyList<string> All = [Graduated, UnableToReach, MemberDeclined, Excluded, LostEligibility, MovedOut, Deceased, Other];

    public static string Label(string reason) => reason switch
    {
        Graduated => "Graduated: care plan goals met",
        UnableToReach => "Unable to reach",
        MemberDeclined => "Member declined or opted out",
        Excluded => "Now in an excluded program",
        LostEligibility => "No longer eligible for Medi-Cal or the plan",
        MovedOut => "Moved out of the service area",
        Deceased => "Deceased",
        Other => "Other",
        PresumptiveNotAuthorized => "Presumptive enrollment not authorized by the plan",
        _ => reason,
    };
}
