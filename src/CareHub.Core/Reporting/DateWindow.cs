namespace CareHub.Reporting;

/// <summary>Dates from <see cref="First"/> through <see cref="Last"/>, both inclusive. Empty when Last is before First.</summary>
public readonly record struct DateWindow(DateOnly First, DateOnly Last)
{
    public bool IsEmpty => Last < First;

    public int Days => IsEmpty ? 0 : Last.DayNumber - First.DayNumber + 1;

    public bool Contains(DateOnly date) => !IsEmpty && date >= First && date <= Last;

    /// <summary>The part of this window also inside <paramref name="other"/>.</summary>
    public DateWindow Intersect(DateWindow other) =>
        new(First > other.First ? First : other.First, Last < other.Last ? Last : other.Last);

    /// <summary>This window ending no later than <paramref name="date"/> (when given).</summary>
    public DateWindow CutAt(DateOnly? date) => date is { } d && d < Last ? this with { Last = d } : this;
}
