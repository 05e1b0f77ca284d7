using System.Runtime.CompilerServices;

namespace CareHub.Identification.Synthetic;

/// <summary>
/// xoshiro256** seeded through SplitMix64: fast, and the same sequence on every platform and .NET version, so a
/// seed always gives the same files. Each member (and each stream of a member) gets its own generator derived
/// from (seed, member, stream), which lets members be generated in parallel in any order.
/// </summary>
internal struct Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed, ulong member, ulong stream)
    {
        var x = seed ^ (member * 0x9E3779B97F4A7C15UL) ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>[0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>[0, n).</summary>
    public int Next(int n) => n <= 1 ? 0 : (int)((NextULong() >> 32) * (ulong)n >> 32);

    /// <summary>[min, max] inclusive.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Picks by weight.</summary>
    public T Pick<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var total = 0.0;
        foreach (var (_, w) in items)
        {
            total += w;
        }

        var r = NextDouble() * total;
        foreach (var (item, w) in items)
        {
            r -= w;
            if (r < 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }

    /// <summary>A Poisson count (Knuth for small means, a rounded normal for large ones).</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * normal)));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }

        return k;
    }

    /// <summary>A log-normal multiplier with median 1: a long right tail of heavy users.</summary>
    public double LogNormal(double sigma)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());
        return Math.Exp(sigma * normal);
    }

    /// <summary>A version-4 style UUID string.</summary>
    public string Uuid()
    {
        var a = NextULong();
        var b = NextULong();
        a = (a & 0xFFFFFFFFFFFF0FFFUL) | 0x0000000000004000UL;
        b = (b & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;
        Span<char> s = stackalloc char[36];
        var hex = $"{a:x16}{b:x16}";
        hex.AsSpan(0, 8).CopyTo(s);
        s[8] = '-';
        hex.AsSpan(8, 4).CopyTo(s[9..]);
        s[13] = '-';
        hex.AsSpan(12, 4).CopyTo(s[14..]);
        s[18] = '-';
        hex.AsSpan(16, 4).CopyTo(s[19..]);
        s[23] = '-';
        hex.AsSpan(20, 12).CopyTo(s[24..]);
        return new string(s);
    }
}
