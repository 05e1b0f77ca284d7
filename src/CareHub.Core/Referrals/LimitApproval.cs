using CareHub.Catalog;

namespace CareHub.Referrals;

/// <summary>
/// Approval above a limit: the exception the plan's reviewer chose (a documented exception's code, or
/// <see cref="LimitApprovals.UnconfirmedLimit"/> when only unconfirmed limits are exceeded), the reviewer's reason,
/// and the limits it covers. Stored on the authorization and shown in the referral's history and audit trail.
/// </summary>
public sealed record LimitApproval(string ExceptionCode, string Reason, string Limits, string Note);

public static class LimitApprovals
{
    /// <summary>The code recorded when the plan approves above limits the catalog marks unconfirmed and that have no
    /// documented exception.</summary>
    public const string UnconfirmedLimit = "unconfirmed-limit";

    /// <summary>
    /// Decides whether the plan may approve a request given its limit check. Within every limit: approved, nothing to
    /// record (null). Over a confirmed limit no exception covers: refused. Over a limit with a documented exception:
    /// the reviewer must choose one of the exceptions that apply (<paramref name="exceptionCode"/>) and write why
    /// (<paramref name="reason"/>). Over an unconfirmed limit only: the reviewer writes why.
    /// </summary>
    public static (LimitApproval? Approval, PolicyError? Error) Decide(LimitCheck check, string? exceptionCode, string? reason)
    {
        if (!check.Allowed)
        {
            return (null, new PolicyError("limits", string.Join(" ", check.Refusals)));
        }

        var warned = check.Outcomes.Where(o => o.Warns).ToList();
        if (warned.Count == 0)
        {
            return (null, null);
        }

        var withExceptions = warned.Where(o => o.ApplicableExceptions.Count > 0).ToList();
        var code = exceptionCode?.Trim();
        var limits = string.Join("; ", warned.Select(o => $"{o.Label}: {LimitEngine.Format(o.Limit)} {o.Unit} {LimitEngine.PeriodText(o.Kind, o.Period)}"));
        if (withExceptions.Count > 0)
        {
            var allowed = withExceptions.Select(o => o.ApplicableExceptions.Select(e => e.Code)).Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal)).ToList();
            if (string.IsNullOrEmpty(code))
            {
                return (null, new PolicyError("limitException",
                    $"The request is over a limit ({limits}); to approve it, choose the documented exception that applies ({string.Join(", ", allowed)}) and write why."));
            }

            if (!allowed.Contains(code, StringComparer.Ordinal))
            {
                return (null, new PolicyError("limitException",
                    $"'{code}' is not a documented exception for this request; choose one of: {string.Join(", ", allowed)}."));
            }
        }
        else if (!string.IsNullOrEmpty(code) && code != UnconfirmedLimit)
        {
            return (null, new PolicyError("limitException",
                $"The limits this request is over ({limits}) have no documented exception; they are unconfirmed, so approve with '{UnconfirmedLimit}' and a reason."));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return (null, new PolicyError("exceptionReason", $"The request is over a limit ({limits}); write why the plan approves it above the limit."));
        }

        if (reason.Trim().Length > 1000)
        {
            return (null, new PolicyError("exceptionReason", "The reason is limited to 1,000 characters."));
        }

        var chosen = withExceptions.Count > 0 ? code! : UnconfirmedLimit;
        var described = withExceptions.SelectMany(o => o.ApplicableExceptions).FirstOrDefault(e => e.Code == chosen);
        var note = described is null
            ? $"Approved above unconfirmed limit(s) ({limits}): {reason.Trim()}"
            : $"Approved above the limit ({limits}) under the documented exception '{chosen}' — {described.Description} [{described.Source}]: {reason.Trim()}";
        return (new LimitApproval(chosen, reason.Trim(), limits, note), null);
    }
}
