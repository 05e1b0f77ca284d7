using CareHub.Catalog;
using CareHub.Exchange;
using CareHub.Identification;

namespace CareHub.Network;

/// <summary>A Model of Care deliverable as sent (every field may be missing or wrong).</summary>
public sealed record ModelOfCareItemInput(string? Question, string? Page, string? Response, string? Owner, string? Comments, string? Status);

/// <summary>A deliverable's values once checked: trimmed, empty text as null.</summary>
public sealed record ModelOfCareItemValues(string Question, string? Page, string? Response, string? Owner, string? Comments, string Status);

/// <summary>A go-live schedule entry as sent.</summary>
public sealed record GoLiveInput(string? County, string? Population, DateOnly? GoLive);

/// <summary>A go-live entry once checked: the county as the state spells it, a catalog code, a date.</summary>
public sealed record GoLiveValues(string County, string Population, DateOnly GoLive);

/// <summary>
/// The plan's Model of Care: the state's template questions the plan answers (page, response or link, owner,
/// comments, status) and the schedule by county of when the plan adopts each Population of Focus and Community
/// Support. Go-live dates follow the state's six-month phases (1 January or 1 July, from the 2022-01-01 launch), and a
/// Population of Focus cannot go live in a county before the state's date there (the catalog intake checks against).
/// Once an entry's date has come, the population is live: its county and code stay, it stays in the schedule, and
/// its date may only be corrected to another day that has passed.
/// </summary>
public static class ModelOfCareRules
{
    public const string NotStarted = "not-started";
    public const string InProgress = "in-progress";
    public const string Complete = "complete";

    public static readonly IReadOnlyList<string> Statuses = [NotStarted, InProgress, Complete];

    public const int MaxQuestion = 2000;
    public const int MaxPage = 40;
    public const int MaxResponse = 8000;
    public const int MaxOwner = 200;
    public const int MaxComments = 4000;
    public const int MaxItems = 500;
    public const int MaxCode = 60;

    /// <summary>ECM and Community Supports started on this day; no schedule entry is earlier.</summary>
    public static readonly DateOnly Launch = new(2022, 1, 1);

    /// <summary>How far ahead a go-live date may be planned.</summary>
    public const int YearsAhead = 5;

    /// <summary>The deliverable's values, or the problems by field. A missing status is <paramref name="defaultStatus"/>
    /// (adding), or a problem when that is null (an edit names every field).</summary>
    public static (ModelOfCareItemValues? Values, Dictionary<string, string[]> Errors) CheckItem(ModelOfCareItemInput input, string? defaultStatus)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var question = Clean(input.Question);
        if (question is null)
        {
            errors["question"] = ["question is required: the state's question or deliverable."];
        }
        else if (question.Length > MaxQuestion)
        {
            errors["question"] = [$"question is limited to {MaxQuestion:N0} characters."];
        }

        var page = Limit(input.Page, "page", MaxPage, errors);
        var response = Limit(input.Response, "response", MaxResponse, errors);
        var owner = Limit(input.Owner, "owner", MaxOwner, errors);
        var comments = Limit(input.Comments, "comments", MaxComments, errors);
        var status = Clean(input.Status) ?? defaultStatus;
        if (status is null)
        {
            errors["status"] = [$"status is required: {string.Join(", ", Statuses)}."];
        }
        else if (!Statuses.Contains(status))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", Statuses)}; got '{status}'."];
        }

        return errors.Count > 0 ? (null, errors) : (new ModelOfCareItemValues(question!, page, response, owner, comments, status!), errors);
    }

    /// <summary>Two questions are the same when they differ only in case and spacing.</summary>
    public static string QuestionKey(string question) =>
        string.Join(' ', (question ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    /// <summary>The entry's values, or the problems by field: a California county of the plan's service area, a
    /// Population of Focus or Community Support of the catalog, and a go-live date on a six-month phase from the launch,
    /// no more than <see cref="YearsAhead"/> years ahead, and not before the population is live in the county.</summary>
    public static (GoLiveValues? Values, Dictionary<string, string[]> Errors) CheckGoLive(
        GoLiveInput input, IReadOnlyList<string> planCounties, ProgramCatalog catalog, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(planCounties);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var county = CountyOf(input.County, planCounties, errors);

        var code = Clean(input.Population);
        var population = code is null ? null : catalog.FindPopulation(code);
        var service = code is null || population is not null ? null : catalog.FindCommunitySupport(code);
        if (code is null)
        {
            errors["population"] = ["population is required: a Population of Focus or Community Support code."];
        }
        else if (population is null && service is null)
        {
            errors["population"] = [$"'{(code.Length > MaxCode ? code[..MaxCode] + "…" : code)}' is neither a Population of Focus nor a Community Support of the catalog."];
        }

        var date = input.GoLive;
        if (date is not { } d)
        {
            errors["goLive"] = ["goLive is required (yyyy-MM-dd)."];
        }
        else if (d < Launch)
        {
            errors["goLive"] = [$"goLive {d:yyyy-MM-dd} is before ECM and Community Supports started ({Launch:yyyy-MM-dd})."];
        }
        else if (d > today.AddYears(YearsAhead))
        {
            errors["goLive"] = [$"goLive {d:yyyy-MM-dd} is more than {YearsAhead} years ahead."];
        }
        else if (!IsPhaseStart(d))
        {
            errors["goLive"] = [$"goLive {d:yyyy-MM-dd} is not the start of a six-month phase: the state phases ECM and Community Supports in on January 1 or July 1."];
        }
        else if (county is not null && population is not null
            && PopulationGoLive.LiveFrom(population.GoLive, county) is { } from && from != DateOnly.MinValue && d < from)
        {
            errors["goLive"] = [$"{population.Name} is live in {county} County from {from:yyyy-MM-dd}, not before; goLive {d:yyyy-MM-dd} is earlier."];
        }
        else if (service is not null && catalog.CommunitySupportOn(service.Code, d) is null)
        {
            errors["goLive"] = [$"{service.Name} is not a Community Support on {d:yyyy-MM-dd}."];
        }

        return errors.Count > 0 ? (null, errors) : (new GoLiveValues(county!, code!, date!.Value), errors);
    }

    /// <summary>1 January or 1 July.</summary>
    public static bool IsPhaseStart(DateOnly date) => date.Day == 1 && date.Month is 1 or 7;

    /// <summary>The first phase start after <paramref name="date"/>.</summary>
    public static DateOnly NextPhaseStart(DateOnly date) => date.Month < 7 ? new DateOnly(date.Year, 7, 1) : new DateOnly(date.Year + 1, 1, 1);

    /// <summary>Whether the entry's population is live in its county on <paramref name="today"/>.</summary>
    public static bool IsLive(GoLiveValues entry, DateOnly today) => entry is not null && entry.GoLive <= today;

    /// <summary>
    /// Why a live entry cannot change to <paramref name="proposed"/> (null: be removed), or null when it may. An entry
    /// not yet live may change in every way.
    /// </summary>
    public static string? CannotChange(GoLiveValues current, GoLiveValues? proposed, DateOnly today, string name)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!IsLive(current, today))
        {
            return null;
        }

        var live = $"{name} went live in {current.County} County on {current.GoLive:yyyy-MM-dd}";
        if (proposed is null)
        {
            return live + "; a live entry stays in the schedule.";
        }

        if (!string.Equals(proposed.County, current.County, StringComparison.OrdinalIgnoreCase) || proposed.Population != current.Population)
        {
            return live + "; its county and population stay (add an entry for another).";
        }

        return proposed.GoLive > today
            ? live + $"; it cannot move to {proposed.GoLive:yyyy-MM-dd}, after today (a date recorded wrong may be corrected to another day that has passed)."
            : null;
    }

    /// <summary>Orders page references as people read them: "Part 1, p. 3" before "Part 1, p. 12"; no page last.</summary>
    public static readonly IComparer<string?> PageOrder = Comparer<string?>.Create(ComparePages);

    private static int ComparePages(string? a, string? b)
    {
        if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b))
        {
            return string.IsNullOrWhiteSpace(a) ? (string.IsNullOrWhiteSpace(b) ? 0 : 1) : -1;
        }

        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var si = i;
                var sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var na = a[si..i].TrimStart('0');
                var nb = b[sj..j].TrimStart('0');
                var byNumber = na.Length != nb.Length ? na.Length.CompareTo(nb.Length) : string.CompareOrdinal(na, nb);
                if (byNumber != 0)
                {
                    return byNumber;
                }
            }
            else
            {
                var byChar = char.ToUpperInvariant(a[i]).CompareTo(char.ToUpperInvariant(b[j]));
                if (byChar != 0)
                {
                    return byChar;
                }

                i++;
                j++;
            }
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static string? CountyOf(string? text, IReadOnlyList<string> planCounties, Dictionary<string, string[]> errors)
    {
        var name = PopulationGoLive.CountyName(text);
        if (name.Length == 0)
        {
            errors["county"] = ["county is required: a county of your plan's service area."];
            return null;
        }

        var county = CaliforniaCounties.Names.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
        if (county is null)
        {
            errors["county"] = [$"'{(name.Length > MaxCode ? name[..MaxCode] + "…" : name)}' is not a California county."];
            return null;
        }

        if (!planCounties.Any(c => string.Equals(PopulationGoLive.CountyName(c), county, StringComparison.OrdinalIgnoreCase)))
        {
            errors["county"] = [$"{county} County is not in your plan's service area ({(planCounties.Count == 0 ? "none recorded" : string.Join(", ", planCounties))})."];
            return null;
        }

        return county;
    }

    private static string? Limit(string? text, string field, int max, Dictionary<string, string[]> errors)
    {
        var value = Clean(text);
        if (value is { Length: var n } && n > max)
        {
            errors[field] = [$"{field} is limited to {max:N0} characters."];
        }

        return value;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
