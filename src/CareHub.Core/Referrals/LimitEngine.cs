using System.Globalization;
using CareHub.Catalog;

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

/// <summary>
/// The result of one limit for one request: the limit (quantity, unit, period), what was already used in the period
/// that counts, what is requested, what remains before the request, and whether the request would exceed it.
/// <see cref="Window"/> names the period that was measured (e.g. "the 12 months ending 2025-09-30").
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
    string? Note)
{
    /// <summary>"Medically Tailored Meals: limit 2 meals per day; used 2 on 2025-03-05; requested 1; 0 remain."</summary>
    public string Message =>
        $"{(Exceeded ? "Over the limit" : "Within the limit")} — {Label}: {LimitEngine.Format(Limit)} {Unit} {LimitEngine.PeriodText(Kind, Period)}; "
        + $"used {LimitEngine.Format(Used)} ({Window}), requested {LimitEngine.Format(Requested)}, {LimitEngine.Format(Remaining)} remain.";
}

/// <summary>All limits that apply to a request. <see cref="Problems"/> are requests the engine cannot measure
/// (e.g. a per-year limit over two calendar years); they refuse the request like an exceeded limit.</summary>
public sealed record LimitCheck(IReadOnlyList<LimitOutcome> Outcomes, IReadOnlyList<string> Problems)
{
    public bool Allowed => Problems.Count == 0 && Outcomes.All(o => !o.Exceeded);

    public IEnumerable<LimitOutcome> Exceeded => Outcomes.Where(o => o.Exceeded);

    /// <summary>Every reason the request is refused, one sentence each.</summary>
    public IReadOnlyList<string> Refusals => [.. Problems, .. Exceeded.Select(o => o.Message)];
}

/// <summary>
/// Enforces the catalog's limits over a member's whole history, whichever plan or county authorized it.
/// Rules (all dates inclusive; windows follow the domain's date rules):
/// <list type="bullet">
/// <item>lifetime: count = distinct episodes ever; dollars = sum of amounts ever; days/months = days ever.</item>
/// <item>per-year (calendar year): the request must lie in one calendar year; usage is what started in that year.</item>
/// <item>per-day / per-week / per-month: the daily rate (quantity ÷ days) of overlapping authorizations on the busiest
/// day of the request, plus the request's rate (× 7 or × 30 for weeks and months).</item>
/// <item>per-episode: an episode is a chain of authorizations of the service that overlap or follow each other with
/// no day between (or that share the episode key, such as an extension). Days, weeks (7 days) and months (30 days)
/// are measured as the days the chain covers; hours and meals as quantities.</item>
/// <item>rolling 12 months (shared limits): for every 12-month window (after D minus 12 months, up to D) that
/// touches the request, the distinct days covered by any of the services, with the request's days added.</item>
/// </list>
/// </summary>
public static class LimitEngine
{
    public const int DaysPerMonth = 30;
    public const int DaysPerWeek = 7;

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
    /// start) and every shared limit that counts the service then.</summary>
    public static LimitCheck Check(ProgramCatalog catalog, LimitRequest request, IEnumerable<UsageRecord> history)
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
                outcomes.Add(outcome);
            }
        }

        foreach (var shared in service.SharedLimits)
        {
            var counted = all.Where(u => shared.Services.Contains(u.ServiceCode, StringComparer.OrdinalIgnoreCase)).ToList();
            var outcome = Evaluate(shared.Code, shared.Name, shared.Kind, shared.Quantity, shared.Unit, shared.Period,
                shared.Confidence, shared.Notes, request, counted, problems);
            if (outcome is not null)
            {
                outcomes.Add(outcome);
            }
        }

        return new LimitCheck(outcomes, problems);
    }

    private static LimitOutcome? Evaluate(
        string code, string label, string kind, decimal limit, string unit, string period, Confidence confidence, string? note,
        LimitRequest request, IReadOnlyList<UsageRecord> history, List<string> problems)
    {
        LimitOutcome Outcome(decimal used, decimal requested, string window) =>
            new(code, label, kind, limit, unit, period, used, requested, Math.Max(0, limit - used), used + requested > limit, window, confidence, note);

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
                    var inYear = history.Where(u => u.Start.Year == year || u.End.Year == year)
                        .Select(u => Clip(u, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))).ToList();
                    var (used, requested) = Measure(unit, inYear, request);
                    return Outcome(used, requested, $"calendar year {year.ToString(CultureInfo.InvariantCulture)}");
                }

            case "per-day" or "per-week" or "per-month":
                {
                    var factor = kind switch { "per-week" => DaysPerWeek, "per-month" => DaysPerMonth, _ => 1 };
                    var (peak, peakDay) = PeakDailyRate(unit, history, request);
                    var requested = Rate(unit, request.Quantity, request.Amount, request.Days) * factor;
                    var used = peak * factor;
                    return Outcome(Round(used), Round(requested), peakDay is { } d ? $"busiest day {Date(d)}" : "no overlapping authorization");
                }

            case "per-episode":
                {
                    var episode = Episode(history, request);
                    var (used, requested) = Measure(unit, episode, request);
                    var window = episode.Count == 0
                        ? "new episode"
                        : $"episode from {Date(episode.Min(e => e.Start))} to {Date(episode.Max(e => e.End))}";
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
                var used = DaySet(history);
                var added = Enumerable.Range(request.Start.DayNumber, request.Days).Count(d => !used.Contains(d));
                return (ToUnit(unit, used.Count), ToUnit(unit, added));
        }
    }

    private static decimal ToUnit(string unit, int days) => unit switch
    {
        "months" => Round((decimal)days / DaysPerMonth),
        "weeks" => Round((decimal)days / DaysPerWeek),
        _ => days,
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

    private static (decimal Peak, DateOnly? Day) PeakDailyRate(string unit, IReadOnlyList<UsageRecord> history, LimitRequest request)
    {
        decimal peak = 0;
        DateOnly? peakDay = null;
        var overlapping = history.Where(u => u.Start <= request.End && u.End >= request.Start).ToList();
        for (var d = request.Start; d <= request.End; d = d.AddDays(1))
        {
            var day = d;
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

    /// <summary>The history records in the request's episode: chained by overlap or adjacency, or sharing its key.</summary>
    private static List<UsageRecord> Episode(IReadOnlyList<UsageRecord> history, LimitRequest request)
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
                var touches = u.Start.DayNumber <= end.DayNumber + 1 && u.End.DayNumber + 1 >= start.DayNumber;
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

    private static LimitOutcome Rolling(string unit, string period, IReadOnlyList<UsageRecord> history, LimitRequest request,
        Func<decimal, decimal, string, LimitOutcome> outcome)
    {
        const int months = 12; // rolling-12-months is the only rolling period in the vocabulary
        _ = period;
        var used = DaySet(history);

        // Days from the earliest window start to the last window end, with prefix sums of used and newly requested days,
        // so each 12-month window is two subtractions.
        var first = request.Start.AddMonths(-months).DayNumber + 1;
        var last = request.End.AddMonths(months).DayNumber;
        var length = last - first + 1;
        var usedSum = new int[length + 1];
        var requestedSum = new int[length + 1];
        for (var i = 0; i < length; i++)
        {
            var day = first + i;
            var isUsed = used.Contains(day);
            var isRequested = !isUsed && day >= request.Start.DayNumber && day <= request.End.DayNumber;
            usedSum[i + 1] = usedSum[i] + (isUsed ? 1 : 0);
            requestedSum[i + 1] = requestedSum[i] + (isRequested ? 1 : 0);
        }

        var worstTotal = -1;
        var worstUsed = 0;
        var worstRequested = 0;
        var worstEnd = request.Start;
        for (var windowEnd = request.Start; windowEnd <= request.End.AddMonths(months); windowEnd = windowEnd.AddDays(1))
        {
            var from = windowEnd.AddMonths(-months).DayNumber + 1 - first; // the window is (end - 12 months, end]
            var to = windowEnd.DayNumber - first + 1;
            var u = usedSum[to] - usedSum[from];
            var r = requestedSum[to] - requestedSum[from];
            if (u + r > worstTotal)
            {
                (worstTotal, worstUsed, worstRequested, worstEnd) = (u + r, u, r, windowEnd);
            }
        }

        return outcome(ToUnit(unit, worstUsed), ToUnit(unit, worstRequested), $"the 12 months ending {Date(worstEnd)}");
    }

    private static HashSet<int> DaySet(IEnumerable<UsageRecord> history)
    {
        var days = new HashSet<int>();
        foreach (var u in history)
        {
            for (var d = u.Start.DayNumber; d <= u.End.DayNumber; d++)
            {
                days.Add(d);
            }
        }

        return days;
    }

    private static UsageRecord Clip(UsageRecord u, DateOnly from, DateOnly to)
    {
        var start = u.Start < from ? from : u.Start;
        var end = u.End > to ? to : u.End;
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
