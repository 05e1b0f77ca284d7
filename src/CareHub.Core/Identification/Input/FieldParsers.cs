using System.Numerics;
using System.Runtime.CompilerServices;

namespace CareHub.Identification.Input;

/// <summary>Allocation-free parsers for the value formats of the input files.</summary>
internal static class FieldParsers
{
    /// <summary>Parses <c>YYYY-MM-DD</c> (exactly) to a day number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseIsoDate(ReadOnlySpan<char> s, out int dayNumber)
    {
        dayNumber = 0;
        return s.Length == 10 && TryParseIsoPrefix(s, out dayNumber);
    }

    /// <summary>Parses the date part of <c>YYYY-MM-DD</c>, <c>YYYY-MM-DDThh:mm:ssZ</c> or <c>YYYY-MM-DD hh:mm:ss</c>.</summary>
    public static bool TryParseIsoDateOrDateTime(ReadOnlySpan<char> s, out int dayNumber)
    {
        dayNumber = 0;
        if (s.Length == 10)
        {
            return TryParseIsoPrefix(s, out dayNumber);
        }

        return s.Length > 10 && (s[10] == 'T' || s[10] == ' ') && TryParseIsoPrefix(s, out dayNumber);
    }

    /// <summary>HMIS exports: ISO dates and datetimes, or <c>MM-DD-YYYY</c> / <c>MM/DD/YYYY</c> from some vendors.</summary>
    public static bool TryParseHmisDate(ReadOnlySpan<char> s, out int dayNumber)
    {
        if (TryParseIsoDateOrDateTime(s, out dayNumber))
        {
            return true;
        }

        if (s.Length >= 10 && (s[2] == '-' || s[2] == '/') && s[5] == s[2]
            && TryDigits(s[..2], out var month) && TryDigits(s.Slice(3, 2), out var day) && TryDigits(s.Slice(6, 4), out var year)
            && (s.Length == 10 || s[10] == ' '))
        {
            return TryMake(year, month, day, out dayNumber);
        }

        return false;
    }

    private static bool TryParseIsoPrefix(ReadOnlySpan<char> s, out int dayNumber)
    {
        dayNumber = 0;
        if (s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        uint y0 = (uint)(s[0] - '0'), y1 = (uint)(s[1] - '0'), y2 = (uint)(s[2] - '0'), y3 = (uint)(s[3] - '0');
        uint m0 = (uint)(s[5] - '0'), m1 = (uint)(s[6] - '0'), d0 = (uint)(s[8] - '0'), d1 = (uint)(s[9] - '0');
        if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9)
        {
            return false;
        }

        return TryMake((int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3), (int)(m0 * 10 + m1), (int)(d0 * 10 + d1), out dayNumber);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryMake(int year, int month, int day, out int dayNumber)
    {
        dayNumber = 0;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        dayNumber = DaysBeforeYear(year) + DaysBeforeMonth(year, month) + day - 1;
        return true;
    }

    private static readonly int[] _cumulativeDays = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DaysBeforeYear(int year)
    {
        var y = year - 1;
        return (y * 365) + (y / 4) - (y / 100) + (y / 400);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DaysBeforeMonth(int year, int month) =>
        _cumulativeDays[month - 1] + (month > 2 && DateTime.IsLeapYear(year) ? 1 : 0);

    public static bool TryDigits(ReadOnlySpan<char> s, out int value) => TryDigitsOf(s, out value);

    public static bool TryDigits(ReadOnlySpan<byte> s, out int value) => TryDigitsOf(s, out value);

    /// <summary>The one body of the text and UTF-8 overloads (the JIT compiles it apart for each).</summary>
    private static bool TryDigitsOf<T>(ReadOnlySpan<T> s, out int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        if (s.IsEmpty || s.Length > 9)
        {
            return false;
        }

        foreach (var c in s)
        {
            var d = uint.CreateTruncating(c) - '0';
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }

    /// <summary>An amount: optional minus, digits, optional decimal point and digits.</summary>
    public static bool IsDecimal(ReadOnlySpan<char> s) => IsDecimalOf(s);

    /// <summary>An amount in UTF-8: optional minus, digits, optional decimal point and digits.</summary>
    public static bool IsDecimal(ReadOnlySpan<byte> s) => IsDecimalOf(s);

    private static bool IsDecimalOf<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryInteger<T>
    {
        var i = 0;
        if (s.Length > 0 && uint.CreateTruncating(s[0]) == '-')
        {
            i = 1;
        }

        var digits = 0;
        var dot = false;
        for (; i < s.Length; i++)
        {
            var c = uint.CreateTruncating(s[i]);
            if (c == '.' && !dot)
            {
                dot = true;
            }
            else if (c - '0' <= 9)
            {
                digits++;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary>Every character is an ASCII letter or digit.</summary>
    public static bool IsAlphanumeric(ReadOnlySpan<char> s) => IsAlphanumericOf(s);

    /// <summary>Every byte is an ASCII letter or digit.</summary>
    public static bool IsAlphanumeric(ReadOnlySpan<byte> s) => IsAlphanumericOf(s);

    private static bool IsAlphanumericOf<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit((char)ushort.CreateTruncating(c)))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsAllDigits(ReadOnlySpan<char> s) => IsAllDigitsOf(s);

    public static bool IsAllDigits(ReadOnlySpan<byte> s) => IsAllDigitsOf(s);

    private static bool IsAllDigitsOf<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var c in s)
        {
            if (uint.CreateTruncating(c) - '0' > 9)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A revenue code as the event classifier reads it: four digits, a three-digit code with its leading 0 put back
    /// (450 is 0450). Writes into <paramref name="into"/> (four characters) and returns the length used: 4, or 0 when
    /// the text is empty. False when the text is not three or four digits (the caller rejects or ignores it).
    /// </summary>
    public static bool TryNormalizeRevenueCode(ReadOnlySpan<char> text, Span<char> into, out int length)
    {
        length = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        if (text.Length is < 3 or > 4 || !IsAllDigits(text))
        {
            return false;
        }

        if (text.Length == 3)
        {
            into[0] = '0';
            text.CopyTo(into[1..]);
        }
        else
        {
            text.CopyTo(into);
        }

        length = 4;
        return true;
    }

    /// <summary>A type of bill as the event classifier reads it: three digits; a four-digit code's leading 0 is dropped (0111 is 111).</summary>
    public static ReadOnlySpan<char> NormalizeTypeOfBill(ReadOnlySpan<char> bill) => bill.Length == 4 && bill[0] == '0' ? bill[1..] : bill;

    /// <summary>Y/N, true/false, 1/0 (case-insensitive); empty is unknown.</summary>
    public static bool TryParseFlag(ReadOnlySpan<char> s, out bool? value)
    {
        value = null;
        if (s.IsEmpty)
        {
            return true;
        }

        if (s.Equals("Y", StringComparison.OrdinalIgnoreCase) || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.SequenceEqual("1"))
        {
            value = true;
            return true;
        }

        if (s.Equals("N", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.SequenceEqual("0"))
        {
            value = false;
            return true;
        }

        return false;
    }

    /// <summary>Parses <c>YYYY-MM-DD</c> (exactly) from UTF-8 bytes to a day number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseIsoDate(ReadOnlySpan<byte> s, out int dayNumber)
    {
        dayNumber = 0;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        uint y0 = (uint)(s[0] - '0'), y1 = (uint)(s[1] - '0'), y2 = (uint)(s[2] - '0'), y3 = (uint)(s[3] - '0');
        uint m0 = (uint)(s[5] - '0'), m1 = (uint)(s[6] - '0'), d0 = (uint)(s[8] - '0'), d1 = (uint)(s[9] - '0');
        if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9)
        {
            return false;
        }

        return TryMake((int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3), (int)(m0 * 10 + m1), (int)(d0 * 10 + d1), out dayNumber);
    }

    private static readonly bool[] _asciiWhiteSpace = [.. Enumerable.Range(0, 128).Select(c => char.IsWhiteSpace((char)c))];

    /// <summary>Whether the UTF-8 text is not empty and trimming it would change nothing: its first and last bytes are
    /// ASCII other than white space. Otherwise callers trim the decoded text.</summary>
    public static bool IsTrimmed(ReadOnlySpan<byte> s) =>
        s.Length > 0 && s[0] < 128 && s[^1] < 128 && !_asciiWhiteSpace[s[0]] && !_asciiWhiteSpace[s[^1]];

    /// <summary><see cref="TryParseFlag(ReadOnlySpan{char}, out bool?)"/> for UTF-8.</summary>
    public static bool TryParseFlag(ReadOnlySpan<byte> s, out bool? value)
    {
        value = null;
        if (s.IsEmpty)
        {
            return true;
        }

        if (!System.Text.Ascii.IsValid(s))
        {
            return TryParseFlag(System.Text.Encoding.UTF8.GetString(s), out value);
        }

        if (System.Text.Ascii.EqualsIgnoreCase(s, "Y"u8) || System.Text.Ascii.EqualsIgnoreCase(s, "true"u8) || s.SequenceEqual("1"u8))
        {
            value = true;
            return true;
        }

        if (System.Text.Ascii.EqualsIgnoreCase(s, "N"u8) || System.Text.Ascii.EqualsIgnoreCase(s, "false"u8) || s.SequenceEqual("0"u8))
        {
            value = false;
            return true;
        }

        return false;
    }

    /// <summary>Shows a UTF-8 value in an error message as <see cref="Show(ReadOnlySpan{char})"/> shows its text.</summary>
    public static string Show(ReadOnlySpan<byte> value) => Show(System.Text.Encoding.UTF8.GetString(value));

    /// <summary>Shows a value in an error message: quoted, shortened when long.</summary>
    public static string Show(ReadOnlySpan<char> value) =>
        value.Length > 40 ? $"'{value[..40]}...'" : $"'{value}'";

    public static DateOnly ToDate(int dayNumber) => DateOnly.FromDayNumber(dayNumber);
}
