using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CareHub.Identification.Engine;

/// <summary>
/// One reader's memory of the diagnosis codes it has checked: whether a code has the ICD-10-CM shape, the code lists
/// it belongs to and its interned id. A claims file repeats a few thousand codes millions of times; a code (at most
/// eight bytes when well formed) is remembered by its bytes in a table of recent codes, and anything not there is
/// checked as text by <see cref="DiagnosisMatcher"/>.
/// </summary>
internal sealed class DiagnosisCodeCache
{
    private const int Bits = 12;
    private readonly Entry[] _entries = new Entry[1 << Bits];

    private struct Entry
    {
        public ulong Key;
        public int Length;
        public uint Lists;
        public int Code;
    }

    /// <summary>False when the code does not have the ICD-10-CM shape; otherwise the bits of the lists it is in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryMatch(ReadOnlySpan<byte> code, DiagnosisMatcher matcher, out uint lists)
    {
        if (code.Length <= 8)
        {
            var key = Key(code);
            ref var entry = ref _entries[Slot(key)];
            if (entry.Length == code.Length && entry.Key == key)
            {
                lists = entry.Lists;
                return true;
            }
        }

        return Check(code, matcher, out lists);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Check(ReadOnlySpan<byte> code, DiagnosisMatcher matcher, out uint lists)
    {
        lists = 0;
        if (code.Length > 8)
        {
            return false;
        }

        Span<char> text = stackalloc char[8];
        var chars = Widen(code, text);
        if (!DiagnosisMatcher.IsIcd10Shape(chars))
        {
            return false;
        }

        lists = matcher.IsEmpty ? 0 : matcher.Match(chars);
        var key = Key(code);
        _entries[Slot(key)] = new Entry { Key = key, Length = code.Length, Lists = lists, Code = -1 };
        return true;
    }

    /// <summary>The interned id of a code that <see cref="TryMatch"/> accepted.</summary>
    public int Intern(ReadOnlySpan<byte> code, CodeTable codes)
    {
        var key = Key(code);
        ref var entry = ref _entries[Slot(key)];
        Span<char> text = stackalloc char[8];
        if (entry.Length == code.Length && entry.Key == key)
        {
            return entry.Code >= 0 ? entry.Code : entry.Code = codes.Intern(Widen(code, text));
        }

        return codes.Intern(Widen(code, text));
    }

    private static ulong Key(ReadOnlySpan<byte> code)
    {
        // The length is compared as well, so a short code and one padded with zero bytes stay apart.
        ref var b = ref MemoryMarshal.GetReference(code);
        return code.Length switch
        {
            8 => Unsafe.ReadUnaligned<ulong>(ref b),
            >= 4 => Unsafe.ReadUnaligned<uint>(ref b) | ((ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, code.Length - 4)) << ((code.Length - 4) * 8)),
            >= 2 => Unsafe.ReadUnaligned<ushort>(ref b) | ((ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, code.Length - 2)) << ((code.Length - 2) * 8)),
            1 => b,
            _ => 0,
        };
    }

    private static int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - Bits));

    /// <summary>The code's bytes as chars, one each: a code with other than ASCII bytes fails the shape check
    /// either way.</summary>
    private static ReadOnlySpan<char> Widen(ReadOnlySpan<byte> code, Span<char> into)
    {
        for (var i = 0; i < code.Length; i++)
        {
            into[i] = (char)code[i];
        }

        return into[..code.Length];
    }
}
