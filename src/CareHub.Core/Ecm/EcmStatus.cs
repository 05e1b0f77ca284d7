using System.Text.Json;
using System.Text.Json.Serialization;

namespace CareHub.Ecm;

/// <summary>
/// The statuses of an ECM case, in order: <c>referred</c>, <c>authorized</c> (or <c>denied</c>), <c>assigned</c>,
/// <c>accepted</c> (or back to <c>authorized</c> when the provider declines), <c>outreach</c>, <c>enrolled</c>, then
/// <c>disenrolled</c>. The codes (<see cref="EcmStatuses.ToCode"/>) are part of the API contract and are what the
/// database stores; JSON reads and writes the codes (through the app's string enum converter or, without one, the
/// type's own converter).
/// </summary>
[JsonConverter(typeof(EcmStatusJsonConverter))]
public enum EcmStatus
{
    [JsonStringEnumMemberName("referred")] Referred,
    [JsonStringEnumMemberName("authorized")] Authorized,
    [JsonStringEnumMemberName("denied")] Denied,
    [JsonStringEnumMemberName("assigned")] Assigned,
    [JsonStringEnumMemberName("accepted")] Accepted,
    [JsonStringEnumMemberName("outreach")] Outreach,
    [JsonStringEnumMemberName("enrolled")] Enrolled,
    [JsonStringEnumMemberName("disenrolled")] Disenrolled,
}

/// <summary>The ECM status vocabulary: codes, labels and the groups of statuses the journey and reports use.</summary>
public static class EcmStatuses
{
    private static readonly IReadOnlyList<EcmStatus> _all = Enum.GetValues<EcmStatus>();

    private static readonly IReadOnlyList<EcmStatus> _open =
        [EcmStatus.Referred, EcmStatus.Authorized, EcmStatus.Assigned, EcmStatus.Accepted, EcmStatus.Outreach, EcmStatus.Enrolled];

    private static readonly IReadOnlyList<EcmStatus> _transitional =
        [EcmStatus.Referred, EcmStatus.Authorized, EcmStatus.Assigned, EcmStatus.Accepted, EcmStatus.Outreach];

    private static readonly IReadOnlyList<EcmStatus> _withProvider = [EcmStatus.Assigned, EcmStatus.Accepted, EcmStatus.Outreach, EcmStatus.Enrolled];

    extension(EcmStatus)
    {
        /// <summary>Every status, in the order of the journey.</summary>
        public static IReadOnlyList<EcmStatus> All => _all;

        /// <summary>Statuses of a case that is still open (a member has at most one open case).</summary>
        public static IReadOnlyList<EcmStatus> Open => _open;

        /// <summary>Statuses a case should move on from; one unchanged too long is "stuck" (enrolled is where a case stays).</summary>
        public static IReadOnlyList<EcmStatus> Transitional => _transitional;

        /// <summary>Statuses in which a provider is working the case (it counts against the provider's capacity).</summary>
        public static IReadOnlyList<EcmStatus> WithProvider => _withProvider;

        public static bool IsOpen(EcmStatus status) => _open.Contains(status);

        /// <summary>True when <paramref name="code"/> is a status code.</summary>
        public static bool IsKnown(string? code) => TryParse(code, out _);

        /// <summary>What a person reads for a status.</summary>
        public static string Label(EcmStatus status) => status switch
        {
            EcmStatus.Referred => "Referred, awaiting authorization",
            EcmStatus.Authorized => "Authorized, awaiting assignment",
            EcmStatus.Denied => "Denied",
            EcmStatus.Assigned => "Assigned, awaiting the provider",
            EcmStatus.Accepted => "Accepted by the provider",
            EcmStatus.Outreach => "Outreach under way",
            EcmStatus.Enrolled => "Enrolled",
            EcmStatus.Disenrolled => "Disenrolled",
            _ => status.ToCode(),
        };
    }

    /// <summary>The code the API and the database use (<c>referred</c>, <c>authorized</c>, ...).</summary>
    public static string ToCode(this EcmStatus status) => status switch
    {
        EcmStatus.Referred => "referred",
        EcmStatus.Authorized => "authorized",
        EcmStatus.Denied => "denied",
        EcmStatus.Assigned => "assigned",
        EcmStatus.Accepted => "accepted",
        EcmStatus.Outreach => "outreach",
        EcmStatus.Enrolled => "enrolled",
        EcmStatus.Disenrolled => "disenrolled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The status for an exact code (case-insensitive, trimmed).</summary>
    public static bool TryParse(string? code, out EcmStatus status)
    {
        foreach (var s in _all)
        {
            if (string.Equals(s.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = s;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>The status for a stored code; an unknown code is a bug in the data.</summary>
    public static EcmStatus FromCode(string code) =>
        TryParse(code, out var status) ? status : throw new FormatException($"'{code}' is not an ECM status.");
}

/// <summary>Reads and writes an <see cref="EcmStatus"/> as its code.</summary>
public sealed class EcmStatusJsonConverter : JsonConverter<EcmStatus>
{
    public override EcmStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        EcmStatuses.TryParse(reader.GetString(), out var status)
            ? status
            : throw new JsonException($"status must be one of {string.Join(", ", EcmStatus.All.Select(s => s.ToCode()))}.");

    public override void Write(Utf8JsonWriter writer, EcmStatus value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToCode());
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
