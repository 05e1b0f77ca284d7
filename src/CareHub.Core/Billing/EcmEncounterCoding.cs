using System.Text.Json;

namespace CareHub.Billing;

/// <summary>One way of coding an ECM encounter: what was done (care management or an outreach attempt), by whom
/// (clinical or non-clinical staff), how (in person or remote), and the HCPCS code with modifiers. Unconfirmed rows
/// keep their flag and say what is unsure.</summary>
public sealed record EcmEncounterCode(string Activity, string Staff, string Mode, string Hcpcs, IReadOnlyList<string> Modifiers, bool Confirmed, string Note)
{
    /// <summary>"G9012 U8 GQ".</summary>
    public string Key => Modifiers.Count == 0 ? Hcpcs : $"{Hcpcs} {string.Join(' ', Modifiers)}";
}

/// <summary>
/// The ECM encounter coding table, kept as data in <c>Billing/Data/ecm-encounter-codes.json</c> (embedded): G9012 for
/// non-clinical staff (U2 care management, U8 outreach, GQ when remote), G9008 for clinical staff (U1, U8; GQ when
/// remote; unconfirmed).
/// </summary>
public sealed class EcmEncounterCoding(IReadOnlyList<EcmEncounterCode> codes)
{
    public const string CareManagement = "care-management";
    public const string Outreach = "outreach";

    public IReadOnlyList<EcmEncounterCode> Codes { get; } = codes;

    /// <summary>The table shipped with CareHub.</summary>
    public static EcmEncounterCoding Embedded { get; } = Load();

    /// <summary>The code for an encounter; <paramref name="remote"/> means phone, video or electronic.</summary>
    public EcmEncounterCode For(string activity, bool clinicalStaff, bool remote) =>
        Codes.FirstOrDefault(c => c.Activity == activity && c.Staff == (clinicalStaff ? "clinical" : "non-clinical") && c.Mode == (remote ? "remote" : "in-person"))
        ?? throw new ArgumentOutOfRangeException(nameof(activity), activity, "Not an ECM encounter activity: care-management or outreach.");

    /// <summary>Outreach methods CareHub records (in-person, phone, text, e-mail, letter, video) coded as remote or not.</summary>
    public static bool IsRemote(string method) => !string.Equals(method, "in-person", StringComparison.OrdinalIgnoreCase);

    private static EcmEncounterCoding Load()
    {
        using var stream = typeof(EcmEncounterCoding).Assembly.GetManifestResourceStream("CareHub.Billing.Data.ecm-encounter-codes.json")
            ?? throw new InvalidOperationException("The ECM encounter coding table is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var codes = doc.RootElement.GetProperty("codes").EnumerateArray().Select(e => new EcmEncounterCode(
            e.GetProperty("activity").GetString()!,
            e.GetProperty("staff").GetString()!,
            e.GetProperty("mode").GetString()!,
            e.GetProperty("hcpcs").GetString()!,
            [.. e.GetProperty("modifiers").EnumerateArray().Select(m => m.GetString()!)],
            e.GetProperty("confidence").GetString() == "confirmed",
            e.GetProperty("note").GetString() ?? "")).ToList();
        return new EcmEncounterCoding(codes);
    }
}
