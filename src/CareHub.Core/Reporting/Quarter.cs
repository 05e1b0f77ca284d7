using System.Globalization;

namespace CareHub.Reporting;

/// <summary>A calendar quarter of a year, the period of the plan's quarterly reports. <see cref="First"/> and
/// <see cref="Last"/> are both inclusive; instants are compared in UTC from the start of <see cref="First"/> up to,
/// not including, the day after <see cref="Last"/>.</summary>
public readonly record struct Quarter
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    private Quarter(int year, int number)
    {
        Year = year;
        Number = number;
    }

    public int Year { get; }

    /// <summary>1 to 4.</summary>
    public int Number { get; }

    public DateOnly First => new(Year, (3 * Number) - 2, 1);

    public DateOnly Last => First.AddMonths(3).AddDays(-1);

    public DateTimeOffset StartsAt => new(First.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after the quarter (exclusive end).</summary>
    public DateTimeOffset EndsBefore => new(Last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public bool Contains(DateOnly date) => date >= First && date <= Last;

    public bool Contains(DateTimeOffset instant) => instant >= StartsAt && instant < EndsBefore;

    public static Quarter Of(DateOnly date) => new(date.Year, ((date.Month - 1) / 3) + 1);

    /// <summary>Validates a year and quarter number; the error names the field.</summary>
    public static bool TryCreate(int? year, int? quarter, out Quarter value, out (string Field, string Message)? error)
    {
        value = default;
        error = null;
        if (year is null or < MinYear or > MaxYear)
        {
            error = ("year", $"year must be a year from {MinYear} to {MaxYear}.");
            return false;
        }

        if (quarter is null or < 1 or > 4)
        {
            error = ("quarter", "quarter must be 1, 2, 3 or 4.");
            return false;
        }

        value = new Quarter(year.Value, quarter.Value);
        return true;
    }

    public static Quarter Create(int year, int quarter) =>
        TryCreate(year, quarter, out var q, out var error) ? q : throw new ArgumentOutOfRangeException(error!.Value.Field, error.Value.Message);

    /// <summary>"2025 Q2", as the state's template writes the reporting period.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year} Q{Number}");
}
