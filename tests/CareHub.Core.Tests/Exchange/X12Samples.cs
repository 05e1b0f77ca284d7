namespace CareHub.Core.Tests.Exchange;

/// <summary>Hand-written X12 files for the reader tests; <see cref="Envelope"/> wraps transaction-set segments with
/// correct counts and control numbers.</summary>
internal static class X12Samples
{
    public const string Isa = "ISA*00*          *00*          *ZZ*PLAN01         *ZZ*CAREHUB        *250102*0930*^*00501*000000007*0*T*:~";

    public static string Envelope(string functionalId, string version, string code, params string[] body)
    {
        var lines = new List<string>
        {
            Isa,
            $"GS*{functionalId}*PLAN01*CAREHUB*20250102*0930*7*X*{version}~",
            $"ST*{code}*0001*{version}~",
        };
        lines.AddRange(body.Select(b => b.EndsWith('~') ? b : b + "~"));
        lines.Add($"SE*{body.Length + 2}*0001~");
        lines.Add("GE*1*7~");
        lines.Add("IEA*1*000000007~");
        return string.Join("\n", lines) + "\n";
    }

    public static string Remittance(params string[] claims) =>
        Envelope("HP", "005010X221A1", "835", ["BPR*I*" + claims.Sum(ClaimPaid).ToString(System.Globalization.CultureInfo.InvariantCulture) + "*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20250215",
            "TRN*1*CHK0001*1512345678", "N1*PR*GOLDEN POPPY HEALTH PLAN", "N1*PE*OPEN DOOR*XX*1234567893", .. claims.SelectMany(c => c.Split('\n'))]);

    private static decimal ClaimPaid(string claim) =>
        decimal.Parse(claim.Split('\n')[0].Split('*')[4], System.Globalization.CultureInfo.InvariantCulture);

    public static string Enrollment(params string[] members) =>
        Envelope("BE", "005010X220A1", "834", ["BGN*00*ENR0001*20250102*0930****2", "N1*P5*DHCS*FI*999999999", "N1*IN*GOLDEN POPPY*FI*888888888",
            .. members.SelectMany(m => m.Split('\n'))]);

    public static string Member(string type, string id, string last = "DOE", string first = "JANE", string fips = "06037", string begin = "20250101", string? end = null,
        string birth = "19800115", string sex = "F") =>
        string.Join('\n', new[]
        {
            $"INS*Y*18*{type}*28*A",
            $"REF*0F*{id}",
            $"NM1*IL*1*{last}*{first}",
            "N3*100 MAIN ST",
            $"N4*LOS ANGELES*CA*90012**CY*{fips}",
            $"DMG*D8*{birth}*{sex}",
            $"HD*{type}**HMO",
            $"DTP*348*D8*{begin}",
        }.Concat(end is null ? [] : [$"DTP*349*D8*{end}"]));
}
