using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.Win32.SafeHandles;

namespace CareHub.Identification.Input;

/// <summary>
/// Reads the rows of a byte range of a CSV file that starts just after a line end: reads the bytes in large blocks cut
/// at the last line end and finds the commas and line ends of a row with one vector pass over its UTF-8 bytes (a comma,
/// a quote and a line end are single bytes that never occur inside a multi-byte character). Fields are handed out as
/// byte ranges; workers that want text get it decoded. A row with a double quote is split by the RFC 4180 rules
/// (quotes removed, doubled quotes unescaped) into a copy; a field must not contain a line break.
/// </summary>
internal sealed class CsvRangeReader : IDisposable
{
    private const int BlockBytes = 1 << 20;
    private readonly SafeFileHandle _handle;
    private readonly long _end;
    private readonly RowBuffer _row = new();
    private long _position;
    private bool _atStart;
    private bool _skipLine;
    private byte[] _block = new byte[BlockBytes];
    private int _filled;
    private int _cut;
    private int _next;
    private byte[] _scratch = new byte[1024];
    private byte[] _rowBytes = [];
    private int[] _bounds = new int[64];

    /// <summary>Opens the range [<paramref name="start"/>, <paramref name="end"/>); with <paramref name="skipHeader"/>
    /// the first line is skipped (and a UTF-8 byte order mark before it).</summary>
    public CsvRangeReader(string path, long start, long end, bool skipHeader)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        _position = start;
        _end = end;
        _atStart = start == 0;
        _skipLine = skipHeader;
    }

    /// <summary>The 1-based line of the current row within the range.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The number of fields of the current row.</summary>
    public int ColCount { get; private set; }

    /// <summary>Whether the current row is an empty line.</summary>
    public bool IsEmptyLine => ColCount == 1 && _bounds[1] == _bounds[0] + 1;

    /// <summary>The fields of the current row (valid until the next <see cref="MoveNext"/>).</summary>
    public Fields Row => _row.SetUtf8(_rowBytes, _bounds, ColCount);

    public bool MoveNext()
    {
        while (true)
        {
            if (_next >= _cut && !Fill())
            {
                return false;
            }

            LineNumber++;
            if (_skipLine)
            {
                _skipLine = false;
                var lineEnd = _block.AsSpan(_next, _cut - _next).IndexOf((byte)'\n');
                _next = lineEnd < 0 ? _cut : _next + lineEnd + 1;
                continue;
            }

            Split();
            return true;
        }
    }

    /// <summary>Splits the row at <see cref="_next"/> and moves past its line end: <see cref="_bounds"/> gets the
    /// position before the row, then the position of each comma and of the row's end.</summary>
    private void Split()
    {
        var bytes = _block;
        var start = _next;
        var end = _cut;
        var count = 0;
        var position = start;
        _bounds[0] = start - 1;
        ref var origin = ref MemoryMarshal.GetArrayDataReference(bytes);
        if (Vector512.IsHardwareAccelerated)
        {
            // A claim line is 80-100 bytes: two 64-byte steps instead of three 32-byte ones.
            var comma = Vector512.Create((byte)',');
            var newline = Vector512.Create((byte)'\n');
            var quote = Vector512.Create((byte)'"');
            while (position + Vector512<byte>.Count <= end)
            {
                var v = Vector512.LoadUnsafe(ref origin, (nuint)position);
                if (EndsInStep(Vector512.Equals(v, comma).ExtractMostSignificantBits(),
                    (Vector512.Equals(v, newline) | Vector512.Equals(v, quote)).ExtractMostSignificantBits(), position, start, ref count))
                {
                    return;
                }

                position += Vector512<byte>.Count;
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var comma = Vector256.Create((byte)',');
            var newline = Vector256.Create((byte)'\n');
            var quote = Vector256.Create((byte)'"');
            while (position + Vector256<byte>.Count <= end)
            {
                var v = Vector256.LoadUnsafe(ref origin, (nuint)position);
                if (EndsInStep(Vector256.Equals(v, comma).ExtractMostSignificantBits(),
                    (Vector256.Equals(v, newline) | Vector256.Equals(v, quote)).ExtractMostSignificantBits(), position, start, ref count))
                {
                    return;
                }

                position += Vector256<byte>.Count;
            }
        }

        for (; position < end; position++)
        {
            var c = bytes[position];
            if (c == ',')
            {
                count = AddCommas(1, position, count);
            }
            else if (c == '\n')
            {
                Finish(count, position, position + 1);
                return;
            }
            else if (c == '"')
            {
                SplitQuoted(start);
                return;
            }
        }

        Finish(count, end, end);
    }

    /// <summary>One vector step of <see cref="Split"/>: the commas of the step, and where a line end or a quote is.
    /// True when the row ended in this step (or turned out to be quoted and was split by the quoting rules).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool EndsInStep(ulong commas, ulong special, int position, int start, ref int count)
    {
        if (special == 0)
        {
            count = AddCommas(commas, position, count);
            return false;
        }

        var stop = BitOperations.TrailingZeroCount(special);
        count = AddCommas(commas & ((1UL << stop) - 1), position, count);
        var at = position + stop;
        if (_block[at] == '\n')
        {
            Finish(count, at, at + 1);
        }
        else
        {
            SplitQuoted(start);
        }

        return true;
    }

    /// <summary>Records the commas whose bits are set in <paramref name="mask"/> (bit i: the byte at
    /// <paramref name="position"/> + i).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddCommas(ulong mask, int position, int count)
    {
        if (_bounds.Length < count + 66)
        {
            Array.Resize(ref _bounds, _bounds.Length * 2);
        }

        var bounds = _bounds;
        while (mask != 0)
        {
            bounds[++count] = position + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }

        return count;
    }

    /// <summary>Ends the row: the last field runs to <paramref name="lineEnd"/> less a carriage return.</summary>
    private void Finish(int count, int lineEnd, int next)
    {
        if (lineEnd > _bounds[count] + 1 && _block[lineEnd - 1] == '\r')
        {
            lineEnd--;
        }

        _bounds[++count] = lineEnd;
        ColCount = count;
        _rowBytes = _block;
        _next = next;
    }

    /// <summary>Splits a row that has a double quote into <see cref="_scratch"/>: a field that starts with a quote runs
    /// to the closing quote (a doubled quote inside stands for one), then to the next comma. Fields are written one
    /// byte apart, as in a row without quotes.</summary>
    private void SplitQuoted(int start)
    {
        var rest = _block.AsSpan(start, _cut - start);
        var newline = rest.IndexOf((byte)'\n');
        var line = newline < 0 ? rest : rest[..newline];
        _next = newline < 0 ? _cut : start + newline + 1;
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        if (_scratch.Length < line.Length + 1)
        {
            _scratch = new byte[Math.Max(line.Length + 1, _scratch.Length * 2)];
        }

        var output = _scratch;
        var written = 0;
        var count = 0;
        var i = 0;
        _bounds[0] = -1;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            output[written++] = (byte)'"';
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    output[written++] = line[i++];
                }
            }

            while (i < line.Length && line[i] != ',')
            {
                output[written++] = line[i++];
            }

            if (_bounds.Length < count + 2)
            {
                Array.Resize(ref _bounds, _bounds.Length * 2);
            }

            _bounds[++count] = written++;
            if (i >= line.Length)
            {
                break;
            }

            i++;
        }

        ColCount = count;
        _rowBytes = output;
    }

    /// <summary>Reads the next block of whole lines; false at the end of the range.</summary>
    private bool Fill()
    {
        while (true)
        {
            // The part of a line after the last cut moves to the front; the rows before it have been read.
            var rest = _filled - _cut;
            if (rest > 0 && _cut > 0)
            {
                _block.AsSpan(_cut, rest).CopyTo(_block);
            }

            _filled = rest;
            _cut = 0;
            _next = 0;
            if (_position < _end && _filled < _block.Length)
            {
                var want = (int)Math.Min(_block.Length - _filled, _end - _position);
                var read = RandomAccess.Read(_handle, _block.AsSpan(_filled, want), _position);
                if (read <= 0)
                {
                    _position = _end;
                }
                else
                {
                    _position += read;
                    _filled += read;
                }
            }

            if (_filled == 0)
            {
                return false;
            }

            var bytes = _block.AsSpan(0, _filled);
            var cut = _position >= _end ? _filled : bytes.LastIndexOf((byte)'\n') + 1;
            if (cut == 0)
            {
                if (_filled == _block.Length)
                {
                    Array.Resize(ref _block, _block.Length * 2);
                }

                continue;
            }

            var skip = 0;
            if (_atStart)
            {
                _atStart = false;
                if (bytes.StartsWith("\uFEFF"u8))
                {
                    skip = 3;
                }
            }

            _cut = cut;
            _next = skip;
            if (_cut > _next)
            {
                return true;
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
