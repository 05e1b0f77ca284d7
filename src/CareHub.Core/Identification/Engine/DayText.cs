namespace CareHub.Identification.Engine;

/// <summary>Day numbers as <c>yyyy-MM-dd</c> text for evidence. The same few thousand dates recur across members, so
/// each is formatted once and kept.</summary>
internal static class DayText
{
    private static readonly int _first = new DateOnly(1900, 1, 1).DayNumber;
    private static readonly string?[] _cache = new string?[new DateOnly(2101, 1, 1).DayNumber - _first];

    public static string Of(int day)
    {
        var i = day - _first;
        if ((uint)i >= (uint)_cache.Length)
        {
            return Format(day);
        }

        // Two threads may both format a day; either string is the same text.
        return _cache[i] ??= Format(day);
    }

    private static string Format(int day)
    {
        var (year, month, dayOfMonth) = DateOnly.FromDayNumber(day);
        return string.Create(10, (year, month, dayOfMonth), static (text, d) =>
        {
            text[0] = (char)('0' + (d.year / 1000));
            text[1] = (char)('0' + (d.year / 100 % 10));
            text[2] = (char)('0' + (d.year / 10 % 10));
            text[3] = (char)('0' + (d.year % 10));
            text[4] = '-';
            text[5] = (char)('0' + (d.month / 10));
            text[6] = (char)('0' + (d.month % 10));
            text[7] = '-';
            text[8] = (char)('0' + (d.dayOfMonth / 10));
            text[9] = (char)('0' + (d.dayOfMonth % 10));
        });
    }
}
