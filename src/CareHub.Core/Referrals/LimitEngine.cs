using System.Globalization;
using CareHub.Catalog;
using CareHub.Common;

namespace CareHub.Referrals;

/// <summary>
/// Something a member already used of a Community Support, from any plan or county CareHub knows of: an approved
/// authorization, or a service delivered outside any authorization CareHub holds. Dates are inclusive.
/// <see cref="Quantity"/> is in the service's request unit (hours, meals; null for day-based services);
/// <see cref="Amount"/> is in dollars. <see cref="EpisodeKey"/> groups an authorization with its extensions
/// (the referral id), so one episode counts once against a lifetime count.
/// </summary>
public sealed record UsageRecord(
    string ServiceCode,
    DateOnly Start,
    DateOnly End,
    decimal? Quantity,
    decimal? Amount,
    string EpisodeKey,
    Guid? PlanId = null,
    string? County = null,
    string Source = "authorization");

/// <summary>What is asked for: a service over inclusive dates, with a quantity (hours, meals) and/or an amount.
/// <see cref="EpisodeKey"/> is set for an extension of an existing episode (the referral id).</summary>
public sealed record LimitRequest(string ServiceCode, DateOnly Start, DateOnly End, decimal? Quantity, decimal? Amount, string? EpisodeKey = null)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;
}

/// <summary>A plan's own limits for a Community Support (within the state's), with the policy's source.</summary>
public sealed record PlanLimits(string PlanName, IReadOnlyList<Limit> Limits, string Source);

/// <summary>
/// The result of one limit for one request: the limit (quantity, unit, period), what was already used in the period
/// that counts, what is requested, what remains before the request, and whether the request would exceed it.
/// <see cref="Window"/> names the period that was measured (e.g. "the 12 months ending 2025-09-30").
/// <see cref="Exceptions"/> are the limit's documented exceptions; <see cref="Source"/> says whose limit it is (null:
/// the state's catalog; otherwise the plan policy and its source).
/// </summary>
public sealed record LimitOutcome(
    string Code,
    string Label,
    string Kind,
    decimal Limit,
    string Unit,
    string Period,
    decimal Used,
    decimal Requested,
    decimal Remaining,
    bool Exceeded,
    string Window,
    Confidence Confidence,
    string? Note,
    IReadOnlyList<LimitException>? Exceptions = null,
    string? Source = null)
{
    /// <summary>The documented exceptions that could cover this request: those without a ceiling, or whose ceiling
    /// the used and requested amounts stay within.</summary>
    public IReadOnlyList<LimitException> ApplicableExceptions =>
        [.. (Exceptions ?? []).Where(e => e.UpTo is null || Used + Requested <= e.UpTo)];

    /// <summary>Over a limit the catalog marks unconfirmed: the check warns and the plan decides.</summary>
    public bool IsUnconfirmed => Confidence == Confidence.Unconfirmed;

    /// <summary>Over the limit, but a documented exception applies or the limit is unconfirmed: a warning, not a
    /// refusal. The plan's reviewer may approve by choosing the exception and writing why.</summary>
    public bool Warns => Exceeded && (ApplicableExceptions.Count > 0 || IsUnconfirmed);

    /// <summary>Over a confirmed limit that no documented exception covers.</summary>
    public bool Refuses => Exceeded && !Warns;

    /// <summary>"Medically Tailored Meals: limit 2 meals per day; used 2 on 2025-03-05; requested 1; 0 remain."</summary>
    public string Message =>
        $"{(Exceeded ? "Over the limit" : "Within the limit")} — {Label}: {LimitEngine.Format(Limit)} {Unit} {LimitEngine.PeriodText(Kind, Period)}; "
        + $"used {LimitEngine.Format(Used)} ({Window}), requested {LimitEngine.Format(Requested)}, {LimitEngine.Format(Remaining)} remain."
        + (Source is null ? "" : $" Source: {Source}.")
        + (!Warns ? ""
            : ApplicableExceptions.Count > 0
                ? " The plan may approve above it under a documented exception: "
                    + string.Join("; ", ApplicableExceptions.Select(e => $"{e.Description} [{e.Code}; {e.Source}]")) + "."
                : " This limit is unconfirmed in the catalog: the plan decides, and may approve above it with a reason.");
}

/// <summary>All limits that apply to a request. <see cref="Problems"/> are requests the engine cannot measure
/// (e.g. a per-year limit over two calendar years); they refuse the request like an exceeded limit. An exceeded limit
/// with a documented exception, or an unconfirmed one, is a <see cref="Warnings">warning</see>, not a refusal.</summary>
public sealed record LimitCheck(IReadOnlyList<LimitOutcome> Outcomes, IReadOnlyList<string> Problems)
{
    public bool Allowed => Problems.Count == 0 && Outcomes.All(o => !o.Refuses);

    public IEnumerable<LimitOutcome> Exceeded => Outcomes.Where(o => o.Exceeded);

    /// <summary>Every reason the request is refused, one sentence each.</summary>
    public IReadOnlyList<string> Refusals => [.. Problems, .. Outcomes.Where(o => o.Refuses).Select(o => o.Message)];

    /// <summary>Limits the request is over that the plan may still approve (documented exception or unconfirmed limit).</summary>
    public IReadOnlyList<string> Warnings => [.. Outcomes.Where(o => o.Warns).Select(o => o.Message)];
}

/// <summary>
/// Enforces the catalog's limits over a member's whole history, whichever plan or county authorized it.
/// Rules (all dates inclusive; months are calendar months and weeks 7 days, see <see cref="CalendarDates"/> and
/// <c>docs/limits.md</c>):
/// <list type="bullet">
/// <item>lifetime: count = distinct episodes ever; dollars = sum of amounts ever; days/weeks/months = the days ever
/// covered, in calendar months per continuous run.</item>
/// <item>per-year (calendar year): the request must lie in one calendar year; usage is what falls in that year.</item>
/// <item>per-day / per-week / per-month: the daily rate (quantity ÷ days) of overlapping authorizations on the busiest
/// day of the request, plus the request's rate (× 7 for weeks, × the days of that calendar month for months).</item>
/// <item>per-episode (a stay): one continuous service period — authorizations of the service that overlap or follow
/// each other with no day between, or that share the episode key (an extension). When the limit counts hours (stays
/// shorter than a day, such as a sobering center), each authorization is its own stay unless it extends one.</item>
/// <item>rolling 12 months (shared limits): for every window of 12 calendar months that touches the request, the
/// calendar months covered by any of the services, with the request added; the worst window counts.</item>
/// </list>
/// No rule loops over days, so a request up to 9999-12-31 costs what a short one does.
/// </summary>
public static class LimitEngine
{
    public const int DaysPerWeek = CalendarDates.DaysPerWeek;
    private const decimal Tolerance = 0.000001m;

    /// <summary>The unit a request's quantity is given in for a service version: <c>hours</c> or <c>meals</c> when
    /// a limit counts them, otherwise null (day-based services are measured by their dates).</summary>
    public static string? QuantityUnit(CommunitySupportVersion version)
    {
        var units = version.Limits.Select(l => l.Unit).ToList();
        return units.Contains("hours") ? "hours" : units.Contains("meals") ? "meals" : null;
    }

    /// <summary>True when a limit of the version counts dollars, so a request must say its amount.</summary>
    public static bool NeedsAmount(CommunitySupportVersion version) => version.Limits.Any(l => l.Unit == "dollars");

    /// <summary>Checks <paramref name="request"/> against the service's limits (version in effect on the request's
    /// start), every shared limit that counts the service then, and the plan's own limits when
    /// <paramref name="planLimits"/> are given (a plan policy, labelled with its source).</summary>
    public static LimitCheck Check(ProgramCatalog catalog, LimitRequest request, IEnumerable<UsageRecord> history, PlanLimits? planLimits = null)
    {
        var all = history.ToList();
        var problems = new List<string>();
        var outcomes = new List<LimitOutcome>();
        if (request.End < request.Start)
        {
            return new LimitCheck([], [$"The end date {Date(request.End)} is before the start date {Date(request.Start)}."]);
        }

        var service = catalog.CommunitySupportOn(request.ServiceCode, request.Start);
        if (service is null)
        {
            return new LimitCheck([], [$"'{request.ServiceCode}' is not a Community Support in the catalog on {Date(request.Start)}."]);
        }

        var own = all.Where(u => Same(u.ServiceCode, service.Code)).ToList();
        foreach (var limit in service.Version.Limits)
        {
            var outcome = Evaluate(service.Code, service.Name, limit.Kind, limit.Quantity, limit.Unit, limit.Period,
                limit.Confidence ?? service.Version.Confidence, limit.Note, request, own, problems);
            if (outcome is not null)
            {
                outcomes.Add(outcome with { Exceptions = limit.ExceptionList });
            }
        }

        foreach (var shared in service.SharedLimits)
        {
            var counted = all.Where(u => shared.Services.Contains(u.ServiceCode, StringComparer.OrdinalIgnoreCase)).ToList();
            var outcome = Evaluate(shared.Code, shared.Name, shared.Kind, shared.Quantity, shared.Unit, shared.Period,
                shared.Confidence, shared.Notes, request, counted, problems);
            if (outcome is not null)
            {
                outcomes.Add(outcome with { Exceptions = shared.ExceptionList });
            }
        }

        if (planLimits is not null)
        {
            foreach (var (limit, i) in planLimits.Limits.Select((l, i) => (l, i)))
            {
                var outcome = Evaluate($"plan:{service.Code}:{i.ToString(CultureInfo.InvariantCulture)}", $"{service.Name} ({planLimits.PlanName} policy)",
                    limit.Kind, limit.Quantity, limit.Unit, limit.Period, limit.Confidence ?? Confidence.Confirmed, limit.Note, request, own, problems);
                if (outcome is not null)
                {
                    outcomes.Add(outcome with { Exceptions = limit.ExceptionList, Source = planLimits.Source });
                }
            }
        }

        return new LimitCheck(outcomes, problems);
    }

    private static LimitOutcome? Evaluate(
        string code, string label, string kind, decimal limit, string unit, string period, Confidence confidence, string? note,
        LimitRequest request, IReadOnlyList<UsageRecord> history, List<string> problems)
    {
        LimitOutcome Outcome(decimal used, decimal requested, string window) =>
            new(code, label, kind, limit, unit, period, Round(used), Round(requested), Round(Math.Max(0, limit - used)),
                used + requested > limit + Tolerance, window, confidence, note);

        switch (kind)
        {
            case "lifetime":
                {
                    var (used, requested) = Measure(unit, history, request);
                    return Outcome(used, requested, "lifetime, all plans and counties");
                }

            case "per-year":
                {
                    if (request.Start.Year != request.End.Year)
                    {
                        problems.Add($"{label}: the limit is per calendar year, so a request cannot run from {Date(request.Start)} to {Date(request.End)}; split it at December 31.");
                        return null;
                    }

                    var year = request.Start.Year;
                    var inYear = history.Select(u => Clip(u, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))).OfType<UsageRecord>().ToList();
                    var (used, requested) = Measure(unit, inYear, request);
                    return Outcome(used, requested, $"calendar year {year.ToString(CultureInfo.InvariantCulture)}");
                }

            case "per-day" or "per-week" or "per-month":
                {
                    var (peak, peakDay) = PeakDailyRate(unit, history, request);
                    var factor = kind switch
                    {
                        "per-week" => DaysPerWeek,
                        "per-month" => DateTime.DaysInMonth((peakDay ?? request.Start).Year, (peakDay ?? request.Start).Month),
                        _ => 1,
                    };
                    var requested = Rate(unit, request.Quantity, request.Amount, request.Days) * factor;
                    return Outcome(peak * factor, requested, peakDay is { } d ? $"busiest day {Date(d)}" : "no overlapping authorization");
                }

            case "per-episode":
                {
                    var stayByRecord = unit == "hours";
                    var episode = Episode(history, request, stayByRecord);
                    var (used, requested) = Measure(unit, episode, request);
                    var window = episode.Count == 0
                        ? stayByRecord ? "this stay" : "new episode"
                        : $"{(stayByRecord ? "stay" : "episode")} from {Date(episode.Min(e => e.Start))} to {Date(episode.Max(e => e.End))}";
                    return Outcome(used, requested, window);
                }

            case "rolling":
                return Rolling(unit, period, history, request, Outcome);

            default:
                problems.Add($"{label}: CareHub does not know how to apply a '{kind}' limit; ask an administrator to check the catalog.");
                return null;
        }
    }

    /// <summary>Used and requested amounts in <paramref name="unit"/>; overlapping days are counted once.</summary>
    private static (decimal Used, decimal Requested) Measure(string unit, IReadOnlyList<UsageRecord> history, LimitRequest request)
    {
        switch (unit)
        {
            case "count":
                var episodes = history.Select(u => u.EpisodeKey).Distinct(StringComparer.Ordinal).ToList();
                var isExisting = request.EpisodeKey is not null && episodes.Contains(request.EpisodeKey, StringComparer.Ordinal);
                return (episodes.Count, isExisting ? 0 : 1);
            case "dollars":
                return (history.Sum(u => u.Amount ?? 0), request.Amount ?? 0);
            case "hours" or "meals":
                return (history.Sum(u => u.Quantity ?? 0), request.Quantity ?? 0);
            default:
                var used = Runs(history);
                var total = DateRun.Merge([.. used, new DateRun(request.Start, request.End)]);
                var usedAmount = Covered(unit, used);
                return (usedAmount, Covered(unit, total) - usedAmount);
        }
    }

    private static List<DateRun> Runs(IEnumerable<UsageRecord> history) => DateRun.Merge(history.Select(u => new DateRun(u.Start, u.End)));

    /// <summary>How much of <paramref name="unit"/> disjoint runs of days cover: calendar months per run, weeks of 7
    /// days, or days.</summary>
    private static decimal Covered(string unit, IEnumerable<DateRun> runs) => unit switch
    {
        "months" => runs.Sum(r => r.Months),
        "weeks" => (decimal)runs.Sum(r => (long)r.Days) / DaysPerWeek,
        _ => runs.Sum(r => (long)r.Days),
    };

    private static decimal Rate(string unit, decimal? quantity, decimal? amount, int days)
    {
        var total = unit switch
        {
            "dollars" => amount ?? 0,
            "hours" or "meals" or "count" => quantity ?? 0,
            _ => days,
        };
        return days <= 0 ? 0 : total / days;
    }

    /// <summary>The highest combined daily rate of the authorizations overlapping the request. The rate only changes
    /// where an authorization starts or the day after one ends, so only those days are looked at.</summary>
    private static (decimal Peak, DateOnly? Day) PeakDailyRate(string unit, IReadOnlyList<UsageRecord> history, LimitRequest request)
    {
        decimal peak = 0;
        DateOnly? peakDay = null;
        var overlapping = history.Where(u => u.Start <= request.End && u.End >= request.Start).ToList();
        var days = new SortedSet<DateOnly> { request.Start };
        foreach (var u in overlapping)
        {
            days.Add(u.Start > request.Start ? u.Start : request.Start);
            var after = CalendarDates.AddDays(u.End, 1);
            if (after <= request.End && after > u.End)
            {
                days.Add(after);
            }
        }

        foreach (var day in days)
        {
            var sum = overlapping.Where(u => u.Start <= day && u.End >= day)
                .Sum(u => Rate(unit, u.Quantity, u.Amount, u.End.DayNumber - u.Start.DayNumber + 1));
            if (sum > peak)
            {
                peak = sum;
                peakDay = day;
            }
        }

        return (peak, peakDay);
    }

    /// <summary>The history records in the request's episode (stay): chained by overlap or adjacency, or sharing its
    /// key. With <paramref name="byRecord"/> (stays shorter than a day) only the key joins: two stays on consecutive
    /// days are two stays.</summary>
    private static List<UsageRecord> Episode(IReadOnlyList<UsageRecord> history, LimitRequest request, bool byRecord)
    {
        var start = request.Start;
        var end = request.End;
        var members = new List<UsageRecord>();
        var remaining = history.ToList();
        bool grew;
        do
        {
            grew = false;
            foreach (var u in remaining.ToList())
            {
                var touches = !byRecord && u.Start.DayNumber <= end.DayNumber + 1 && u.End.DayNumber + 1 >= start.DayNumber;
                var sameKey = request.EpisodeKey is not null && string.Equals(u.EpisodeKey, request.EpisodeKey, StringComparison.Ordinal);
                if (touches || sameKey)
                {
                    members.Add(u);
                    remaining.Remove(u);
                    start = u.Start < start ? u.Start : start;
                    end = u.End > end ? u.End : end;
                    grew = true;
                }
            }
        }
        while (grew);

        return members;
    }

    /// <summary>
    /// The worst window of 12 calendar months that touches the request. A window ending on D runs from the day after
    /// D minus 12 months to D. Its covered months only peak where a covered run ends or where a window starts on a
    /// run's first day, so only those window ends (and the request's first day) are measured.
    /// </summary>
    private static LimitOutcome Rolling(string unit, string period, IReadOnlyList<UsageRecord> history, LimitRequest request,
        Func<decimal, decimal, string, LimitOutcome> outcome)
    {
        const int months = 12; // rolling-12-months is the only rolling period in the vocabulary
        _ = period;
        var used = Runs(history);
        var all = DateRun.Merge([.. used, new DateRun(request.Start, request.End)]);
        var firstEnd = request.Start;
        var lastEnd = CalendarDates.EndOfMonths(request.End, months);

        var candidates = new SortedSet<DateOnly> { firstEnd };
        foreach (var run in all)
        {
            candidates.Add(run.End);
            candidates.Add(CalendarDates.EndOfMonths(run.Start, months));
        }

        var worstTotal = -1m;
        var worstUsed = 0m;
        var worstEnd = firstEnd;
        foreach (var windowEnd in candidates.Where(d => d >= firstEnd && d <= lastEnd))
        {
            var windowStart = CalendarDates.AddDays(CalendarDates.AddMonths(windowEnd, -months), 1);
            var u = Covered(unit, used.Select(r => r.Clip(windowStart, windowEnd)).OfType<DateRun>());
            var t = Covered(unit, all.Select(r => r.Clip(windowStart, windowEnd)).OfType<DateRun>());
            if (t > worstTotal + Tolerance)
            {
                (worstTotal, worstUsed, worstEnd) = (t, u, windowEnd);
            }
        }

        return outcome(worstUsed, worstTotal - worstUsed, $"the 12 months ending {Date(worstEnd)}");
    }

    private static UsageRecord? Clip(UsageRecord u, DateOnly from, DateOnly to)
    {
        var start = u.Start < from ? from : u.Start;
        var end = u.End > to ? to : u.End;
        if (end < start)
        {
            return null;
        }

        if (start == u.Start && end == u.End)
        {
            return u;
        }

        // Quantities and amounts are spread evenly over the days, so the part in the period counts pro rata.
        var share = (decimal)(end.DayNumber - start.DayNumber + 1) / (u.End.DayNumber - u.Start.DayNumber + 1);
        return u with { Start = start, End = end, Quantity = u.Quantity * share, Amount = u.Amount * share };
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static decimal Round(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero);

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>2 → "2", 2.5 → "2.5", 7500 → "7,500".</summary>
    public static string Format(decimal d) => Round(d).ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>"per lifetime", "per calendar year", "per day", "per episode", "in any rolling 12 months".</summary>
    public static string PeriodText(string kind, string period) => kind switch
    {
        "lifetime" => "per lifetime",
        "per-year" => "per calendar year",
        "per-day" => "per day",
        "per-week" => "per week",
        "per-month" => "per month",
        "per-episode" => "per episode",
        "rolling" => period == "rolling-12-months" ? "in any rolling 12 months" : "in a rolling period",
        _ => period,
    };
}
