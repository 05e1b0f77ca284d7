namespace CareHub.Identification.Engine;

/// <summary>
/// Finds which code lists an ICD-10 code belongs to, in a few steps per code: prefixes of up to three characters
/// are folded into a table indexed by the code's first three characters; longer prefixes are checked only for
/// codes that share those three characters. Dots are ignored; letters are compared case-insensitively.
/// </summary>
internal sealed class DiagnosisMatcher
{
    private const int Letters = 26;
    private const int Symbols = 36;
    private readonly uint[] _masks = new uint[Letters * Symbols * Symbols];
    private readonly (string Prefix, uint Bit)[]?[] _longer = new (string, uint)[]?[Letters * Symbols * Symbols];

    public bool IsEmpty { get; private set; } = true;

    /// <summary>Adds the prefixes of a list; <paramref name="bit"/> is the list's bit.</summary>
    public void Add(IEnumerable<string> prefixes, uint bit)
    {
        foreach (var raw in prefixes)
        {
            var prefix = Normalize(raw);
            if (prefix.Length == 0 || !char.IsAsciiLetterUpper(prefix[0]))
            {
                continue;
            }

            IsEmpty = false;
            if (prefix.Length <= 3)
            {
                for (var key = 0; key < _masks.Length; key++)
                {
                    if (KeyStartsWith(key, prefix))
                    {
                        _masks[key] |= bit;
                    }
                }
            }
            else
            {
                var key = Key(prefix);
                if (key >= 0)
                {
                    _longer[key] = [.. _longer[key] ?? [], (prefix, bit)];
                }
            }
        }
    }

    /// <summary>The bits of every list the code belongs to; 0 when none.</summary>
    public uint Match(ReadOnlySpan<char> code)
    {
        Span<char> normalized = stackalloc char[16];
        var length = 0;
        foreach (var c in code)
        {
            if (c == '.')
            {
                continue;
            }

            if (length == normalized.Length)
            {
                return 0;
            }

            normalized[length++] = char.ToUpperInvariant(c);
        }

        if (length < 3)
        {
            return 0;
        }

        var key = Key(normalized[..length]);
        if (key < 0)
        {
            return 0;
        }

        var mask = _masks[key];
        if (_longer[key] is { } longer)
        {
            foreach (var (prefix, bit) in longer)
            {
                if (normalized[..length].StartsWith(prefix))
                {
                    mask |= bit;
                }
            }
        }

        return mask;
    }

    /// <summary>A code in the ICD-10-CM shape: a letter, a digit, a letter or digit, then optionally a dot and up to
    /// four letters or digits.</summary>
    public static bool IsIcd10Shape(ReadOnlySpan<char> code)
    {
        if (code.Length < 3 || code.Length > 8 || !char.IsAsciiLetter(code[0]) || !char.IsAsciiDigit(code[1])
            || !char.IsAsciiLetterOrDigit(code[2]))
        {
            return false;
        }

        var rest = code[3..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            rest = rest[1..];
        }

        return rest.Length <= 4 && Input.FieldParsers.IsAlphanumeric(rest);
    }

    private static string Normalize(string code) => code.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    private static int Symbol(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => 10 + (c - 'A'),
        _ => -1,
    };

    private static int Key(ReadOnlySpan<char> code)
    {
        var a = code[0] - 'A';
        var b = Symbol(code[1]);
        var c = Symbol(code[2]);
        return a is < 0 or >= Letters || b < 0 || c < 0 ? -1 : (((a * Symbols) + b) * Symbols) + c;
    }

    private static bool KeyStartsWith(int key, string prefix)
    {
        var c = key % Symbols;
        var b = key / Symbols % Symbols;
        var a = key / (Symbols * Symbols);
        if (prefix[0] - 'A' != a)
        {
            return false;
        }

        if (prefix.Length >= 2 && Symbol(prefix[1]) != b)
        {
            return false;
        }

        return prefix.Length < 3 || Symbol(prefix[2]) == c;
    }
}
