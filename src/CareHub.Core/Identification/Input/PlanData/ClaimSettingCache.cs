using System.Buffers.Binary;
using System.Text;
using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.PlanData;

/// <summary>
/// The settings (<see cref="EventClassifier.ClaimLineSetting"/>) of the claim lines a reader met last, by their codes:
/// most lines repeat a few combinations of claim type, place of service, revenue code, type of bill, admission type
/// and procedure, so the classifier runs once per combination instead of once per line. Takes the codes as validated
/// UTF-8: place of service empty or 2 digits, revenue code empty or 3-4 digits, type of bill empty or 3 digits
/// (leading zero removed), admission type empty or 1 digit, procedure empty or 5 characters.
/// </summary>
internal sealed class ClaimSettingCache
{
    private const int Bits = 12;
    private const ulong Filled = 1UL << 63;
    private readonly Entry[] _entries = new Entry[1 << Bits];

    public ServiceSetting Setting(bool institutional, ReadOnlySpan<byte> pos, ReadOnlySpan<byte> revenue, ReadOnlySpan<byte> bill,
        ReadOnlySpan<byte> admission, ReadOnlySpan<byte> procedure)
    {
        // Each code has a fixed place in the key and is either empty (zero bytes) or of a fixed length, so two lines
        // have the same key only when they have the same codes; a 3-digit revenue code is keyed as its 4-digit form.
        var low = Filled | (institutional ? 1UL << 56 : 0);
        if (pos.Length == 2)
        {
            low |= BinaryPrimitives.ReadUInt16LittleEndian(pos);
        }

        if (revenue.Length == 4)
        {
            low |= (ulong)BinaryPrimitives.ReadUInt32LittleEndian(revenue) << 16;
        }
        else if (revenue.Length == 3)
        {
            low |= ((ulong)'0' | ((ulong)revenue[0] << 8) | ((ulong)revenue[1] << 16) | ((ulong)revenue[2] << 24)) << 16;
        }

        if (admission.Length == 1)
        {
            low |= (ulong)admission[0] << 48;
        }

        var high = 0UL;
        if (bill.Length == 3)
        {
            high = bill[0] | ((ulong)bill[1] << 8) | ((ulong)bill[2] << 16);
        }

        if (procedure.Length == 5)
        {
            high |= ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(procedure) | ((ulong)procedure[4] << 32)) << 24;
        }

        var slot = (int)(((low * 0x9E3779B97F4A7C15UL) ^ (high * 0xC2B2AE3D27D4EB4FUL)) >> (64 - Bits));
        ref var entry = ref _entries[slot];
        if (entry.Low == low && entry.High == high)
        {
            return entry.Setting;
        }

        var setting = Classify(institutional, pos, revenue, bill, admission, procedure);
        entry = new Entry(low, high, setting);
        return setting;
    }

    /// <summary>The classifier's setting for the codes, widened to text (validated codes are ASCII).</summary>
    private static ServiceSetting Classify(bool institutional, ReadOnlySpan<byte> pos, ReadOnlySpan<byte> revenue, ReadOnlySpan<byte> bill,
        ReadOnlySpan<byte> admission, ReadOnlySpan<byte> procedure)
    {
        Span<char> text = stackalloc char[15];
        var revenueChars = text.Slice(2, 4);
        var revenueLength = 0;
        if (!revenue.IsEmpty)
        {
            revenueChars[0] = '0';
            Text(revenue, revenueChars[(4 - revenue.Length)..]);
            revenueLength = 4;
        }

        return EventClassifier.ClaimLineSetting(institutional, Text(pos, text[..2]), revenueChars[..revenueLength], Text(bill, text.Slice(6, 3)),
            Text(admission, text.Slice(9, 1)), Text(procedure, text.Slice(10, 5)));

        static ReadOnlySpan<char> Text(ReadOnlySpan<byte> ascii, Span<char> into)
        {
            Ascii.ToUtf16(ascii, into, out var written);
            return into[..written];
        }
    }

    private readonly record struct Entry(ulong Low, ulong High, ServiceSetting Setting);
}
