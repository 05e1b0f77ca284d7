namespace CareHub.Common;

/// <summary>A plan's decision on a request (an ECM case's authorization, a Community Supports referral, an
/// extension). One vocabulary for every feature: each accepts the verb ("approve") and the past participle
/// ("approved") on input and answers in its own established words.</summary>
public enum Decision
{
    Approve = 1,
    Deny = 2,

    /// <summary>Not yet: more information is needed (referrals only).</summary>
    Pend = 3,
}

public static class Decisions
{
    /// <summary>Reads "approve"/"approved", "deny"/"denied", "pend"/"pended" (any case, trimmed).</summary>
    public static bool TryParse(string? text, out Decision decision)
    {
        decision = text?.Trim().ToLowerInvariant() switch
        {
            "approve" or "approved" => Decision.Approve,
            "deny" or "denied" => Decision.Deny,
            "pend" or "pended" => Decision.Pend,
            _ => 0,
        };
        return decision != 0;
    }

    /// <summary>The verb: approve, deny, pend (referral API values and audit actions).</summary>
    public static string ToVerb(this Decision decision) => decision switch
    {
        Decision.Approve => "approve",
        Decision.Deny => "deny",
        _ => "pend",
    };

    /// <summary>The past participle: approved, denied, pended (ECM API values and stored statuses).</summary>
    public static string ToPastParticiple(this Decision decision) => decision switch
    {
        Decision.Approve => "approved",
        Decision.Deny => "denied",
        _ => "pended",
    };
}
