using System.Buffers.Binary;

namespace CareHub.Identification.Input;

/// <summary>
/// One reader's memory of the ISO dates it has parsed from UTF-8 bytes. A file has a few thousand distinct dates
/// repeated millions of times, so each is remembered by the ten bytes of its date in a small table; one instance per
/// reader thread.
/// </summary>
internal sealed class IsoDateCache
{
    private const int Bits = 12;
    private readonly Entry[] _entries = new Entry[1 << Bits];

    private struct Entry
    {
        public ulong Head;
        public ushort Tail;
        public int Day;
    }

    /// <summary>What <see cref="FieldParsers.TryParseIsoDate(ReadOnlySpan{byte}, out int)"/> accepts: <c>YYYY-MM-DD</c>.</summary>
    public bool TryParseDate(ReadOnlySpan<byte> text, out int day)
    {
        if (text.Length != 10)
        {
            day = 0;
            return false;
        }

        return TryDatePart(text, out day);
    }

    /// <summary>What <see cref="FieldParsers.TryParseIsoDateOrDateTime(ReadOnlySpan{byte}, out int)"/> accepts: a date,
    /// or a date-time whose first ten characters are the date.</summary>
    public bool TryParseDateOrDateTime(ReadOnlySpan<byte> text, out int day)
    {
        if (text.Length < 10 || (text.Length > 10 && text[10] != 'T' && text[10] != ' '))
        {
            day = 0;
            return false;
        }

        return TryDatePart(text[..10], out day);
    }

    private bool TryDatePart(ReadOnlySpan<byte> date, out int day)
    {
        var head = BinaryPrimitives.ReadUInt64LittleEndian(date);
        var tail = BinaryPrimitives.ReadUInt16LittleEndian(date[8..]);
        ref var known = ref _entries[(int)(((head ^ ((ulong)tail << 48)) * 0x9E3779B97F4A7C15UL) >> (64 - Bits))];
        if (known.Head == head && known.Tail == tail && known.Day != 0)
        {
            day = known.Day;
            return true;
        }

        if (FieldParsers.TryParseIsoDate(date, out day))
        {
            known = new Entry { Head = head, Tail = tail, Day = day };
            return true;
        }

        return false;
    }
}
