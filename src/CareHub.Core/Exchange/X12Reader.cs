using System.Globalization;

namespace CareHub.Exchange;

/// <summary>One functional group (GS…GE) with its transaction sets.</summary>
public sealed record X12Group(X12Segment Header, IReadOnlyList<X12Transaction> Transactions)
{
    /// <summary>GS01: <c>HC</c> (837), <c>HP</c> (835), <c>BE</c> (834).</summary>
    public string FunctionalId => Header[1];

    /// <summary>GS08: the implementation guide, e.g. <c>005010X222A1</c>.</summary>
    public string Version => Header[8];
}

/// <summary>One transaction set (ST…SE): its segments between ST and SE, both excluded.</summary>
public sealed record X12Transaction(X12Segment Header, IReadOnlyList<X12Segment> Body)
{
    /// <summary>ST01: 837, 835, 834.</summary>
    public string Code => Header[1];

    public string ControlNumber => Header[2];
}

/// <summary>A whole interchange (ISA…IEA), checked: counts and control numbers of every envelope match.</summary>
public sealed record X12Interchange(X12Delimiters Delimiters, X12Segment Header, IReadOnlyList<X12Group> Groups)
{
    public string ControlNumber => Header[13];

    public IEnumerable<X12Transaction> Transactions => Groups.SelectMany(g => g.Transactions);
}

/// <summary>The outcome of reading: the interchange, or the first problem naming its segment.</summary>
public sealed record X12ReadResult(X12Interchange? Interchange, X12Error? Error)
{
    public bool Succeeded => Interchange is not null;
}

/// <summary>
/// Reads X12 text. Delimiters come from the ISA segment (character 4 is the element separator, ISA16 the component
/// separator, the character after ISA16 the segment terminator; ISA11 is the repetition separator from version 00402).
/// Line breaks after the segment terminator are ignored. Envelopes are checked: IEA01 = number of groups,
/// IEA02 = ISA13, GE01 = number of transaction sets, GE02 = GS06, SE01 = number of segments from ST to SE, SE02 = ST02.
/// </summary>
public static class X12Reader
{
    /// <summary>Most segments a file may hold (about 100 MB of claims); more is refused rather than read.</summary>
    public const int MaxSegments = 2_000_000;

    public static X12ReadResult Read(string text)
    {
        try
        {
            return new X12ReadResult(ReadInterchange(text), null);
        }
        catch (X12FormatException ex)
        {
            return new X12ReadResult(null, ex.Error);
        }
    }

    /// <summary>Splits text into segments with the ISA's delimiters; the first problem is thrown as an error value.</summary>
    internal static (X12Delimiters Delimiters, List<X12Segment> Segments) Tokenize(string text)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        if (text.Length - start < 106 || string.CompareOrdinal(text, start, "ISA", 0, 3) != 0)
        {
            throw Fail(1, text.Length - start > 20 ? text.Substring(start, 20) : text[start..], "the file does not start with an ISA segment of 106 characters.");
        }

        var element = text[start + 3];
        var isaFields = text.Substring(start, 106).Split(element);
        if (isaFields.Length != 17)
        {
            throw Fail(1, text.Substring(start, 106), $"ISA has {isaFields.Length - 1} elements; it must have 16 of fixed width.");
        }

        var component = isaFields[16][0];
        var terminator = text[start + 105];
        var repetition = isaFields[11].Length == 1 && !char.IsLetterOrDigit(isaFields[11][0]) ? isaFields[11][0] : '\0';
        if (char.IsLetterOrDigit(element) || char.IsLetterOrDigit(component) || char.IsLetterOrDigit(terminator)
            || element == component || element == terminator || component == terminator)
        {
            throw Fail(1, text.Substring(start, 106), "the delimiters in ISA (element, ISA16 component, segment terminator) must be distinct and not letters or digits.");
        }

        var delimiters = new X12Delimiters(element, component, repetition, terminator);
        var segments = new List<X12Segment>();
        var pos = start;
        while (pos < text.Length)
        {
            var end = text.IndexOf(terminator, pos);
            var raw = (end < 0 ? text[pos..] : text[pos..end]).Trim('\r', '\n', ' ', '\t');
            pos = end < 0 ? text.Length : end + 1;
            if (raw.Length == 0)
            {
                if (end < 0)
                {
                    break;
                }

                throw Fail(segments.Count + 1, "", "an empty segment (two segment terminators in a row).");
            }

            if (end < 0)
            {
                throw Fail(segments.Count + 1, raw, $"the last segment does not end with the segment terminator '{terminator}'.");
            }

            var parts = raw.Split(element);
            var id = parts[0];
            if (id.Length is < 2 or > 3 || !id.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetterUpper(id[0]))
            {
                throw Fail(segments.Count + 1, raw, $"'{id}' is not a segment id (2 or 3 capital letters or digits).");
            }

            if (segments.Count >= MaxSegments)
            {
                throw Fail(segments.Count + 1, raw, $"the file has more than {MaxSegments:N0} segments; split it.");
            }

            segments.Add(new X12Segment(segments.Count + 1, id, parts[1..], delimiters));
        }

        return (delimiters, segments);
    }

    private static X12Interchange ReadInterchange(string text)
    {
        var (delimiters, segments) = Tokenize(text);
        var isa = segments[0];
        if (isa[12] != "00501")
        {
            throw Fail(isa, $"ISA12 is '{isa[12]}'; CareHub reads version 00501.");
        }

        if (isa[13].Length != 9 || !isa[13].All(char.IsAsciiDigit))
        {
            throw Fail(isa, $"ISA13 '{isa[13]}' is not a 9-digit interchange control number.");
        }

        var groups = new List<X12Group>();
        var i = 1;
        while (i < segments.Count && segments[i].Id == "GS")
        {
            groups.Add(ReadGroup(segments, ref i));
        }

        if (i >= segments.Count)
        {
            throw Fail(segments[^1], "the interchange has no IEA segment.");
        }

        var iea = segments[i];
        if (iea.Id != "IEA")
        {
            throw Fail(iea, $"expected GS or IEA here, found {iea.Id}.");
        }

        if (Int(iea, 1) != groups.Count)
        {
            throw Fail(iea, $"IEA01 says {iea[1]} functional groups; the interchange has {groups.Count}.");
        }

        if (iea[2] != isa[13])
        {
            throw Fail(iea, $"IEA02 '{iea[2]}' does not match ISA13 '{isa[13]}'.");
        }

        if (i + 1 < segments.Count)
        {
            throw Fail(segments[i + 1], "segments after IEA; send one interchange per file.");
        }

        return new X12Interchange(delimiters, isa, groups);
    }

    private static X12Group ReadGroup(List<X12Segment> segments, ref int i)
    {
        var gs = segments[i++];
        if (string.IsNullOrEmpty(gs[6]))
        {
            throw Fail(gs, "GS06 (group control number) is missing.");
        }

        var transactions = new List<X12Transaction>();
        while (i < segments.Count && segments[i].Id == "ST")
        {
            var st = segments[i++];
            var body = new List<X12Segment>();
            while (i < segments.Count && segments[i].Id is not ("SE" or "ST" or "GE" or "IEA"))
            {
                body.Add(segments[i++]);
            }

            if (i >= segments.Count || segments[i].Id != "SE")
            {
                throw Fail(i < segments.Count ? segments[i] : segments[^1], $"transaction set {st[2]} has no SE segment.");
            }

            var se = segments[i++];
            var count = body.Count + 2;
            if (Int(se, 1) != count)
            {
                throw Fail(se, $"SE01 says {se[1]} segments; the transaction set has {count} (ST to SE).");
            }

            if (se[2] != st[2])
            {
                throw Fail(se, $"SE02 '{se[2]}' does not match ST02 '{st[2]}'.");
            }

            transactions.Add(new X12Transaction(st, body));
        }

        if (i >= segments.Count || segments[i].Id != "GE")
        {
            throw Fail(i < segments.Count ? segments[i] : segments[^1], $"expected ST or GE in group {gs[6]}.");
        }

        var ge = segments[i++];
        if (Int(ge, 1) != transactions.Count)
        {
            throw Fail(ge, $"GE01 says {ge[1]} transaction sets; the group has {transactions.Count}.");
        }

        if (ge[2] != gs[6])
        {
            throw Fail(ge, $"GE02 '{ge[2]}' does not match GS06 '{gs[6]}'.");
        }

        return new X12Group(gs, transactions);
    }

    private static int Int(X12Segment s, int position) =>
        int.TryParse(s[position], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw Fail(s, $"{s.Id}{position:00} '{s[position]}' is not a number.");

    internal static X12FormatException Fail(X12Segment s, string message) => Fail(s.Number, s.Text, message);

    internal static X12FormatException Fail(int number, string segment, string message) => new(new X12Error(number, segment, message));

    /// <summary>Reads an X12 date: <c>CCYYMMDD</c>.</summary>
    internal static DateOnly Date(X12Segment s, int position, string what)
    {
        var value = s[position];
        return DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw Fail(s, $"{what} '{value}' in {s.Id}{position:00} is not a date (CCYYMMDD).");
    }

    /// <summary>Reads <c>CCYYMMDD</c> or a range <c>CCYYMMDD-CCYYMMDD</c> (inclusive).</summary>
    internal static (DateOnly From, DateOnly To) DateRange(X12Segment s, int position, string what)
    {
        var parts = s[position].Split('-');
        static bool Parse(string v, out DateOnly d) => DateOnly.TryParseExact(v, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);
        if (parts.Length is 1 or 2 && Parse(parts[0], out var from))
        {
            var to = from;
            if (parts.Length == 1 || Parse(parts[1], out to))
            {
                return to < from ? throw Fail(s, $"{what} range '{s[position]}' ends before it starts.") : (from, to);
            }
        }

        throw Fail(s, $"{what} '{s[position]}' in {s.Id}{position:00} is not a date or date range (CCYYMMDD[-CCYYMMDD]).");
    }

    /// <summary>Reads an X12 decimal amount or quantity.</summary>
    internal static decimal Decimal(X12Segment s, int position, string what)
    {
        var value = s[position];
        return decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d
            : throw Fail(s, $"{what} '{value}' in {s.Id}{position:00} is not a number.");
    }

    internal static decimal? OptionalDecimal(X12Segment s, int position, string what) =>
        string.IsNullOrEmpty(s[position]) ? null : Decimal(s, position, what);
}
