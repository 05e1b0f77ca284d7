using System.Globalization;

namespace CareHub.Exchange;

/// <summary>
/// Writes and reads X12 837 professional claims, implementation guide 005010X222A1: one ST per receiver; in it
/// 1000A submitter (NM1*41, PER*IC), 1000B receiver (NM1*40), a 2000A billing provider HL per provider (NM1*85 with
/// N3/N4/REF*EI), a 2000B subscriber HL per member and payer (SBR with filing indicator MC, NM1*IL, N3/N4, DMG,
/// NM1*PR), 2300 CLM with the prior authorization (REF*G1) and the diagnoses (HI ABK/ABF), and 2400 LX, SV1, DTP*472
/// and REF*6R for every line.
/// </summary>
public static class Claim837
{
    public const string Version = "005010X222A1";

    /// <summary>Place of service on CLM05: 12 (home). Community Supports are delivered in the community or the home.</summary>
    public const string PlaceOfService = "12";

    public static string Write(X12Envelope envelope, IReadOnlyList<ClaimTransaction> transactions)
    {
        var w = new X12Writer(envelope, "HC", Version);
        var at = envelope.CreatedAt.UtcDateTime;
        foreach (var t in transactions)
        {
            w.BeginTransaction("837");
            w.Segment("BHT", "0019", "00", t.BatchId, at.ToString("yyyyMMdd", CultureInfo.InvariantCulture), at.ToString("HHmm", CultureInfo.InvariantCulture), "CH");
            w.Segment("NM1", "41", "2", t.Submitter.Name, "", "", "", "", "46", t.Submitter.Id);
            w.Segment("PER", "IC", "BILLING", "TE", "0000000000");
            w.Segment("NM1", "40", "2", t.Receiver.Name, "", "", "", "", "46", t.Receiver.Id);
            var hl = 0;
            foreach (var p in t.Providers)
            {
                var providerHl = ++hl;
                w.Segment("HL", providerHl.ToString(CultureInfo.InvariantCulture), "", "20", "1");
                w.Segment("NM1", "85", "2", p.Provider.Name, "", "", "", "", "XX", p.Provider.Npi ?? p.Provider.Id);
                w.Segment("N3", p.Provider.Address ?? "ADDRESS UNKNOWN");
                w.Segment("N4", p.Provider.City ?? "UNKNOWN", p.Provider.State ?? "CA", p.Provider.Zip ?? "000000000");
                w.Segment("REF", "EI", p.Provider.TaxId ?? "000000000");
                foreach (var bySubscriber in p.Claims.GroupBy(c => c.Subscriber))
                {
                    var s = bySubscriber.Key;
                    w.Segment("HL", (++hl).ToString(CultureInfo.InvariantCulture), providerHl.ToString(CultureInfo.InvariantCulture), "22", "0");
                    w.Segment("SBR", "P", "18", "", "", "", "", "", "", "MC");
                    w.Segment("NM1", "IL", "1", s.LastName, s.FirstName, "", "", "", "MI", s.MemberId);
                    if (s.Address is not null)
                    {
                        w.Segment("N3", s.Address);
                        w.Segment("N4", s.City ?? "", s.State ?? "CA", s.Zip ?? "");
                    }

                    w.Segment("DMG", "D8", X12Writer.Date(s.BirthDate), s.Sex is "F" or "M" ? s.Sex : "U");
                    w.Segment("NM1", "PR", "2", p.Payer.Name, "", "", "", "", "PI", p.Payer.Id);
                    foreach (var c in bySubscriber)
                    {
                        w.Segment("CLM", c.ClaimNumber, X12Writer.Amount(c.Total), "", "", w.Composite(PlaceOfService, "B", "1"), "Y", "A", "Y", "Y");
                        if (!string.IsNullOrEmpty(c.PriorAuthorization))
                        {
                            w.Segment("REF", "G1", c.PriorAuthorization);
                        }

                        var hi = c.Diagnoses.Take(12).Select((d, i) => w.Composite(i == 0 ? "ABK" : "ABF", d.Replace(".", "", StringComparison.Ordinal))).ToArray();
                        w.Segment("HI", hi);
                        var n = 0;
                        foreach (var line in c.Lines)
                        {
                            w.Segment("LX", (++n).ToString(CultureInfo.InvariantCulture));
                            var procedure = w.Composite(["HC", line.Hcpcs, .. line.Modifiers.Take(4)]);
                            w.Segment("SV1", procedure, X12Writer.Amount(line.Charge), "UN", line.Units.ToString("0.###", CultureInfo.InvariantCulture), "", "", "1");
                            w.Segment("DTP", "472", line.From == line.To ? "D8" : "RD8",
                                line.From == line.To ? X12Writer.Date(line.From) : $"{X12Writer.Date(line.From)}-{X12Writer.Date(line.To)}");
                            w.Segment("REF", "6R", line.ControlNumber);
                        }
                    }
                }
            }

            w.EndTransaction();
        }

        return w.Finish();
    }

    /// <summary>Reads an 837P back into claims; the first problem names its segment.</summary>
    public static (IReadOnlyList<ClaimTransaction> Transactions, X12Error? Error) Read(string text)
    {
        var read = X12Reader.Read(text);
        if (read.Interchange is not { } interchange)
        {
            return ([], read.Error);
        }

        try
        {
            var result = new List<ClaimTransaction>();
            foreach (var group in interchange.Groups)
            {
                if (group.FunctionalId != "HC" || group.Version != Version)
                {
                    throw X12Reader.Fail(group.Header, $"expected GS01 HC and GS08 {Version}, found {group.FunctionalId} and {group.Version}.");
                }

                result.AddRange(group.Transactions.Select(ReadTransaction));
            }

            return (result, null);
        }
        catch (X12FormatException ex)
        {
            return ([], ex.Error);
        }
    }

    private static ClaimTransaction ReadTransaction(X12Transaction t)
    {
        ClaimParty? submitter = null, receiver = null;
        var batch = "";
        var providers = new List<BillingProviderClaims>();
        ClaimParty? provider = null, payer = null;
        List<ProfessionalClaim>? claims = null;
        ClaimSubscriber? subscriber = null;
        var hls = new Dictionary<string, string>(StringComparer.Ordinal);
        string? claimNumber = null, auth = null;
        List<string> diagnoses = [];
        List<ClaimServiceLine>? lines = null;
        string? procedure = null;
        decimal charge = 0, units = 0;
        DateOnly from = default, to = default;
        X12Segment? sv1 = null;
        string context = "";
        X12Segment? clm = null;

        void FlushLine(string control)
        {
            if (sv1 is null || procedure is null || lines is null)
            {
                return;
            }

            var parts = procedure.Split(sv1.Delimiters.Component);
            lines.Add(new ClaimServiceLine(control, parts.ElementAtOrDefault(1) ?? "", parts.Skip(2).ToList(), charge, units, from, to));
            sv1 = null;
        }

        void FlushClaim()
        {
            if (claimNumber is null || subscriber is null || claims is null || lines is null)
            {
                return;
            }

            FlushLine("");
            var claim = new ProfessionalClaim(claimNumber, subscriber, diagnoses, auth, lines);
            var stated = X12Reader.Decimal(clm!, 2, "The claim total");
            if (stated != claim.Total)
            {
                throw X12Reader.Fail(clm!, $"CLM02 {X12Writer.Amount(stated)} is not the sum of the service lines ({X12Writer.Amount(claim.Total)}).");
            }

            claims.Add(claim);
            claimNumber = null;
        }

        void FlushProvider()
        {
            FlushClaim();
            if (provider is not null && claims is not null)
            {
                providers.Add(new BillingProviderClaims(provider, payer ?? new ClaimParty("", ""), claims));
            }

            provider = null;
            claims = null;
        }

        foreach (var s in t.Body)
        {
            switch (s.Id)
            {
                case "BHT":
                    batch = s[3];
                    break;
                case "HL":
                    FlushClaim();
                    if (s[3] == "20")
                    {
                        FlushProvider();
                        claims = [];
                        context = "2010AA";
                    }
                    else if (s[3] == "22")
                    {
                        if (!hls.ContainsKey(s[2]))
                        {
                            throw X12Reader.Fail(s, $"HL02 '{s[2]}' names no earlier HL.");
                        }

                        context = "2010BA";
                    }

                    if (hls.ContainsKey(s[1]) || s[1] != (hls.Count + 1).ToString(CultureInfo.InvariantCulture))
                    {
                        throw X12Reader.Fail(s, $"HL01 '{s[1]}' is out of sequence; expected {hls.Count + 1}.");
                    }

                    hls[s[1]] = s[3];
                    break;
                case "NM1":
                    var party = new ClaimParty(s[3], s[9]);
                    switch (s[1])
                    {
                        case "41": submitter = party; break;
                        case "40": receiver = party; break;
                        case "85": provider = party with { Npi = s[9] }; break;
                        case "PR": payer = party; break;
                        case "IL":
                            subscriber = new ClaimSubscriber(s[9], s[3], s[4], default, "U");
                            context = "2010BA";
                            break;
                    }

                    if (s[1] != "IL" && s[1] != "85")
                    {
                        context = s[1];
                    }

                    break;
                case "N3" when context == "2010BA" && subscriber is not null:
                    subscriber = subscriber with { Address = s[1] };
                    break;
                case "N4" when context == "2010BA" && subscriber is not null:
                    subscriber = subscriber with { City = s[1], State = s[2], Zip = s[3] };
                    break;
                case "N3" when context == "2010AA" && provider is not null:
                    provider = provider with { Address = s[1] };
                    break;
                case "N4" when context == "2010AA" && provider is not null:
                    provider = provider with { City = s[1], State = s[2], Zip = s[3] };
                    break;
                case "REF" when s[1] == "EI" && provider is not null:
                    provider = provider with { TaxId = s[2] };
                    break;
                case "DMG" when subscriber is not null:
                    subscriber = subscriber with { BirthDate = X12Reader.Date(s, 2, "The birth date"), Sex = s[3] };
                    break;
                case "CLM":
                    FlushClaim();
                    if (subscriber is null || claims is null)
                    {
                        throw X12Reader.Fail(s, "CLM before the billing provider and subscriber loops.");
                    }

                    clm = s;
                    claimNumber = s[1];
                    auth = null;
                    diagnoses = [];
                    lines = [];
                    break;
                case "REF" when s[1] == "G1":
                    auth = s[2];
                    break;
                case "HI":
                    diagnoses = [.. s.Elements.Select((_, i) => s.Component(i + 1, 2)).Where(d => d.Length > 0)];
                    break;
                case "LX":
                    FlushLine("");
                    break;
                case "SV1":
                    sv1 = s;
                    procedure = s[1];
                    charge = X12Reader.Decimal(s, 2, "The line charge");
                    units = X12Reader.Decimal(s, 4, "The units");
                    break;
                case "DTP" when s[1] == "472":
                    (from, to) = X12Reader.DateRange(s, 3, "The service date");
                    break;
                case "REF" when s[1] == "6R":
                    FlushLine(s[2]);
                    break;
            }
        }

        FlushProvider();
        return new ClaimTransaction(submitter ?? new ClaimParty("", ""), receiver ?? new ClaimParty("", ""), batch, providers);
    }
}
