namespace CareHub.Network;

/// <summary>The certification application's statuses (wire names are part of the API contract).</summary>
public static class ApplicationStatus
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string GapClosure = "gap-closure";
    public const string Certified = "certified";

    public static string Label(string status) => status switch
    {
        Draft => "Draft",
        Submitted => "Submitted for review",
        GapClosure => "Gap closure",
        Certified => "Certified",
        _ => status,
    };
}

/// <summary>What the rules need to know about one area of an application: the provider's answer and the
/// reviewing plan's latest decision on it.</summary>
public sealed record AreaState(string Code, string? Response, string? Effort, bool? Compliant, bool HasOpenGap);

/// <summary>A reviewer's decision on one area, as entered.</summary>
public sealed record AreaReviewInput(bool? Compliant, string? Comment, string? MissingInformation, string? ExpectedDocumentation, DateOnly? DueDate);

/// <summary>
/// The certification application's state machine. The provider fills every area and submits (<c>draft</c> →
/// <c>submitted</c>); the plan's reviewer marks each area Compliant Yes or No. A No opens a gap (missing information,
/// expected documentation, due date) and moves the application to <c>gap-closure</c>; the provider then answers the
/// areas not yet compliant and resubmits (<c>gap-closure</c> → <c>submitted</c>); a Yes closes the area's gap. The
/// application is <c>certified</c> exactly when every area is Yes and no gap is open.
/// </summary>
public static class ApplicationWorkflow
{
    /// <summary>Days a gap stays open before it is overdue when the reviewer gives no due date.</summary>
    public const int DefaultGapDays = 30;

    /// <summary>Why the provider may not change an area now, or null when it may.</summary>
    public static string? CannotEditArea(string status, AreaState area) => status switch
    {
        ApplicationStatus.Draft => null,
        ApplicationStatus.GapClosure when area.Compliant == true => $"Area '{area.Code}' is already compliant; only areas with a gap can change during gap closure.",
        ApplicationStatus.GapClosure => null,
        ApplicationStatus.Submitted => "The application is submitted and waiting for the plan's review; it cannot change until the plan asks for more.",
        ApplicationStatus.Certified => "The application is certified and can no longer change.",
        _ => $"Unknown status '{status}'.",
    };

    /// <summary>Why the application cannot be submitted now (the status, or the areas still unanswered), or an
    /// empty list when it can.</summary>
    public static IReadOnlyList<string> SubmitProblems(string status, IReadOnlyList<AreaState> areas)
    {
        if (status is not (ApplicationStatus.Draft or ApplicationStatus.GapClosure))
        {
            return [$"Only a draft or an application in gap closure can be submitted; this one is {status}."];
        }

        return [.. areas.Where(a => string.IsNullOrWhiteSpace(a.Response) || !Effort.IsKnown(a.Effort))
            .Select(a => string.IsNullOrWhiteSpace(a.Response) ? $"Area '{a.Code}' has no response." : $"Area '{a.Code}' has no self-assessed effort.")];
    }

    /// <summary>Why the plan may not review now, or null when it may.</summary>
    public static string? CannotReview(string status) => status switch
    {
        ApplicationStatus.Submitted or ApplicationStatus.GapClosure => null,
        ApplicationStatus.Draft => "The provider has not submitted the application yet.",
        ApplicationStatus.Certified => "The application is already certified.",
        _ => $"Unknown status '{status}'.",
    };

    /// <summary>Checks a review as entered: a No must say what is missing and what documentation is expected.
    /// Errors are keyed by the request's field names.</summary>
    public static IReadOnlyDictionary<string, string[]> ValidateReview(AreaReviewInput input, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Compliant is null)
        {
            errors["compliant"] = ["compliant is required: true (Yes, the evidence and notes fully meet the criteria) or false (No)."];
        }
        else if (input.Compliant == false)
        {
            if (string.IsNullOrWhiteSpace(input.MissingInformation))
            {
                errors["missingInformation"] = ["A No needs the missing information: what the provider has not yet shown."];
            }

            if (string.IsNullOrWhiteSpace(input.ExpectedDocumentation))
            {
                errors["expectedDocumentation"] = ["A No needs the expected documentation: what the provider should send to close the gap."];
            }

            if (input.DueDate is { } due && due < today)
            {
                errors["dueDate"] = [$"The due date {due:yyyy-MM-dd} is in the past."];
            }
        }

        return errors;
    }

    /// <summary>The status after the areas changed by a review: any open gap means gap closure; every area Yes
    /// means certified; otherwise the review goes on.</summary>
    public static string StatusAfterReview(IReadOnlyList<AreaState> areas)
    {
        if (areas.Any(a => a.HasOpenGap || a.Compliant == false))
        {
            return ApplicationStatus.GapClosure;
        }

        return CertificationProblems(areas).Count == 0 ? ApplicationStatus.Certified : ApplicationStatus.Submitted;
    }

    /// <summary>What stands between the application and certification: areas not yet reviewed Yes and open gaps.</summary>
    public static IReadOnlyList<string> CertificationProblems(IReadOnlyList<AreaState> areas)
    {
        var problems = new List<string>();
        foreach (var a in areas)
        {
            if (a.HasOpenGap)
            {
                problems.Add($"Area '{a.Code}' has an open gap.");
            }
            else if (a.Compliant != true)
            {
                problems.Add(a.Compliant == false ? $"Area '{a.Code}' is not compliant." : $"Area '{a.Code}' has not been reviewed.");
            }
        }

        return areas.Count == 0 ? ["The application has no areas."] : problems;
    }
}

/// <summary>Gap closure timing: gaps past their due date and the check-ins every two weeks while gaps are open.</summary>
public static class GapRules
{
    public const int CheckInIntervalDays = 14;

    public static bool IsOverdue(string status, DateOnly dueDate, DateOnly today) => status == "open" && dueDate < today;

    /// <summary>The next check-in after the last one held (or after the first gap opened): every two weeks.</summary>
    public static DateOnly NextCheckIn(DateOnly gapOpened, DateOnly? lastHeld) =>
        (lastHeld ?? gapOpened).AddDays(CheckInIntervalDays);

    public static bool CheckInOverdue(DateOnly due, DateOnly? heldOn, DateOnly today) => heldOn is null && due < today;
}
