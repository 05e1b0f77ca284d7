using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CareHub.Identification.Input;

/// <summary>
/// Reads the rows of a byte range of a CSV file that starts just after a line end: reads the bytes in large blocks cut
/// at the last line end, decodes each block from UTF-8 at once and finds the commas and line ends of a row with one
/// vector pass. A row with a double quote is split by the RFC 4180 rules (quotes removed, doubled quotes unescaped)
/// into a copy; a field must not contain a line break.
/// </summary>
internal sealed class CsvRangeReader : IDisposable
{
    private const int BlockBytes = 1 << 20;
    private readonly SafeFileHandle _handle;
    private readonly long _end;
    private long _position;
    private bool _atStart;
    private bool _skipLine;
    private byte[] _bytes = new byte[BlockBytes];
    private int _carry;
    private char[] _chars = new char[BlockBytes];
    private int _charPosition;
    private int _charEnd;
    private char[] _scratch = new char[1024];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private char[] _text = [];

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
    public bool IsEmptyLine => ColCount == 1 && _lengths[0] == 0;

    /// <summary>The fields of the current row (valid until the next <see cref="MoveNext"/>).</summary>
    public Fields Row => new(_text, _starts, _lengths, ColCount);

    public bool MoveNext()
    {
        while (true)
        {
            if (_charPosition >= _charEnd && !Fill())
            {
                return false;
            }

            LineNumber++;
            if (_skipLine)
            {
                _skipLine = false;
                var rest = _chars.AsSpan(_charPosition, _charEnd - _charPosition);
                var lineEnd = rest.IndexOf('\n');
                _charPosition = lineEnd < 0 ? _charEnd : _charPosition + lineEnd + 1;
                continue;
            }

            Split();
            return true;
        }
    }

    /// <summary>Splits the row at <see cref="_charPosition"/> and moves past its line end.</summary>
    private void Split()
    {
        var chars = _chars;
        var start = _charPosition;
        var end = _charEnd;
        var count = 0;
        var fieldStart = start;
        var position = start;
        ref var origin = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetArrayDataReference(chars));
        if (Vector256.IsHardwareAccelerated)
        {
            var comma = Vector256.Create((ushort)',');
            var newline = Vector256.Create((ushort)'\n');
            var quote = Vector256.Create((ushort)'"');
            while (position + Vector256<ushort>.Count <= end)
            {
                var v = Vector256.LoadUnsafe(ref origin, (nuint)position);
                var mask = (Vector256.Equals(v, comma) | Vector256.Equals(v, newline) | Vector256.Equals(v, quote)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var at = position + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    var c = chars[at];
                    if (c == ',')
                    {
                        Add(ref count, fieldStart, at - fieldStart);
                        fieldStart = at + 1;
                    }
                    else if (c == '\n')
                    {
                        Finish(count, fieldStart, at, at + 1);
                        return;
                    }
                    else
                    {
                        SplitQuoted(start);
                        return;
                    }
                }

                position += Vector256<ushort>.Count;
            }
        }

        for (; position < end; position++)
        {
            var c = chars[position];
            if (c == ',')
            {
                Add(ref count, fieldStart, position - fieldStart);
                fieldStart = position + 1;
            }
            else if (c == '\n')
            {
                Finish(count, fieldStart, position, position + 1);
                return;
            }
            else if (c == '"')
            {
                SplitQuoted(start);
                return;
            }
        }

        Finish(count, fieldStart, end, end);
    }

    /// <summary>Ends the row: the last field runs to <paramref name="lineEnd"/> less a carriage return.</summary>
    private void Finish(int count, int fieldStart, int lineEnd, int next)
    {
        var length = lineEnd - fieldStart;
        if (length > 0 && _chars[lineEnd - 1] == '\r')
        {
            length--;
        }

        Add(ref count, fieldStart, length);
        ColCount = count;
        _text = _chars;
        _charPosition = next;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(ref int count, int start, int length)
    {
        if (count == _starts.Length)
        {
            Array.Resize(ref _starts, count * 2);
            Array.Resize(ref _lengths, count * 2);
        }

        _starts[count] = start;
        _lengths[count] = length;
        count++;
    }

    /// <summary>Splits a row that has a double quote into <see cref="_scratch"/>: a field that starts with a quote runs
    /// to the closing quote (a doubled quote inside stands for one), then to the next comma.</summary>
    private void SplitQuoted(int start)
    {
        var rest = _chars.AsSpan(start, _charEnd - start);
        var newline = rest.IndexOf('\n');
        var line = newline < 0 ? rest : rest[..newline];
        _charPosition = newline < 0 ? _charEnd : start + newline + 1;
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        if (_scratch.Length < line.Length)
        {
            _scratch = new char[Math.Max(line.Length, _scratch.Length * 2)];
        }

        var output = _scratch;
        var written = 0;
        var count = 0;
        var i = 0;
        while (true)
        {
            var fieldStart = written;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            output[written++] = '"';
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

            Add(ref count, fieldStart, written - fieldStart);
            if (i >= line.Length)
            {
                break;
            }

            i++;
        }

        ColCount = count;
        _text = output;
    }

    /// <summary>Reads and decodes the next block of whole lines; false at the end of the range.</summary>
    private bool Fill()
    {
        while (true)
        {
            if (_position < _end && _carry < _bytes.Length)
            {
                var want = (int)Math.Min(_bytes.Length - _carry, _end - _position);
                var read = RandomAccess.Read(_handle, _bytes.AsSpan(_carry, want), _position);
                if (read <= 0)
                {
                    _position = _end;
                }
                else
                {
                    _position += read;
                    _carry += read;
                }
            }

            if (_carry == 0)
            {
                return false;
            }

            var bytes = _bytes.AsSpan(0, _carry);
            var cut = _position >= _end ? _carry : bytes.LastIndexOf((byte)'\n') + 1;
            if (cut == 0)
            {
                if (_carry == _bytes.Length)
                {
                    Array.Resize(ref _bytes, _bytes.Length * 2);
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

            if (_chars.Length < cut)
            {
                _chars = new char[cut];
            }

            _charEnd = Encoding.UTF8.GetChars(bytes[skip..cut], _chars);
            _charPosition = 0;
            bytes[cut..].CopyTo(_bytes);
            _carry -= cut;
            if (_charEnd > 0)
            {
                return true;
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
