namespace CareHub.Exchange;

/// <summary>A claim adjustment (CAS): group code (CO, PR, OA, PI, CR), reason code (CARC) and amount.</summary>
public sealed record Adjustment(string Group, string Reason, decimal Amount, decimal? Quantity = null)
{
    public override string ToString() => $"{Group}-{Reason} {X12Writer.Amount(Amount)}";
}

/// <summary>A service line paid (SVC with its CAS and REF*6R line control number).</summary>
public sealed record ServicePayment(
    string Hcpcs,
    IReadOnlyList<string> Modifiers,
    decimal Charge,
    decimal Paid,
    decimal? Units,
    string? LineControlNumber,
    IReadOnlyList<Adjustment> Adjustments);

/// <summary>
/// A claim paid (CLP): CLP01 the claim number sent as CLM01, CLP02 the status (1, 2, 3 processed; 4 denied;
/// 22 reversal), charge and payment, the claim-level adjustments and the service lines.
/// </summary>
public sealed record ClaimPayment(
    int SegmentNumber,
    string ClaimNumber,
    string Status,
    decimal Charge,
    decimal Paid,
    string? PayerClaimNumber,
    IReadOnlyList<Adjustment> Adjustments,
    IReadOnlyList<ServicePayment> Lines)
{
    public bool IsDenied => Status == "4";
}

/// <summary>A health care claim payment/advice (835, 005010X221A1).</summary>
public sealed record Remittance(string PayerName, string? CheckNumber, decimal TotalPaid, DateOnly? PaidOn, IReadOnlyList<ClaimPayment> Claims);

/// <summary>Reads an 835: BPR (total), TRN (check or EFT number), N1*PR (payer), and each CLP with its CAS, SVC, CAS
/// and REF*6R. A file whose claim payments do not add up to BPR02 is refused.</summary>
public static class Remittance835
{
    public const string Version = "005010X221A1";

    public static (Remittance? Remittance, X12Error? Error) Read(string text)
    {
        var read = X12Reader.Read(text);
        if (read.Interchange is not { } interchange)
        {
            return (null, read.Error);
        }

        try
        {
            var claims = new List<ClaimPayment>();
            string payer = "", check = "";
            decimal total = 0;
            DateOnly? paidOn = null;
            foreach (var group in interchange.Groups)
            {
                if (group.FunctionalId != "HP")
                {
                    throw X12Reader.Fail(group.Header, $"GS01 is '{group.FunctionalId}'; an 835 has HP.");
                }

                foreach (var t in group.Transactions)
                {
                    if (t.Code != "835")
                    {
                        throw X12Reader.Fail(t.Header, $"ST01 is '{t.Code}'; expected 835.");
                    }

                    var bpr = t.Body.FirstOrDefault(s => s.Id == "BPR") ?? throw X12Reader.Fail(t.Header, "the 835 has no BPR segment.");
                    var setTotal = X12Reader.Decimal(bpr, 2, "The total paid");
                    total += setTotal;
                    if (!string.IsNullOrEmpty(bpr[16]))
                    {
                        paidOn = X12Reader.Date(bpr, 16, "The payment date");
                    }

                    var setClaims = ReadClaims(t.Body, ref payer, ref check);
                    var sum = setClaims.Sum(c => c.Paid);
                    if (sum != setTotal)
                    {
                        throw X12Reader.Fail(bpr, $"BPR02 {X12Writer.Amount(setTotal)} is not the sum of the claim payments (CLP04) {X12Writer.Amount(sum)}.");
                    }

                    claims.AddRange(setClaims);
                }
            }

            return (new Remittance(payer, check, total, paidOn, claims), null);
        }
        catch (X12FormatException ex)
        {
            return (null, ex.Error);
        }
    }

    private static List<ClaimPayment> ReadClaims(IReadOnlyList<X12Segment> body, ref string payer, ref string check)
    {
        var claims = new List<ClaimPayment>();
        X12Segment? clp = null;
        List<Adjustment> claimAdjustments = [];
        List<ServicePayment> lines = [];
        X12Segment? svc = null;
        List<Adjustment> lineAdjustments = [];
        string? lineControl = null;
        string? payerClaim = null;

        void FlushLine()
        {
            if (svc is null)
            {
                return;
            }

            var procedure = svc.Components(1);
            if (procedure.Count < 2 || procedure[0] is not ("HC" or "HP"))
            {
                throw X12Reader.Fail(svc, $"SVC01 '{svc[1]}' is not a HCPCS procedure (HC:code:modifiers).");
            }

            var charge = X12Reader.Decimal(svc, 2, "The line charge");
            var paid = X12Reader.Decimal(svc, 3, "The line payment");
            var units = X12Reader.OptionalDecimal(svc, 5, "The units paid");
            var line = new ServicePayment(procedure[1], procedure.Skip(2).Where(m => m.Length > 0).ToList(), charge, paid, units, lineControl, lineAdjustments);
            var adjusted = lineAdjustments.Sum(a => a.Amount);
            if (charge - paid != adjusted)
            {
                throw X12Reader.Fail(svc, $"the line charge {X12Writer.Amount(charge)} minus the payment {X12Writer.Amount(paid)} is not the sum of its adjustments (CAS) {X12Writer.Amount(adjusted)}.");
            }

            lines.Add(line);
            svc = null;
            lineAdjustments = [];
            lineControl = null;
        }

        void FlushClaim()
        {
            FlushLine();
            if (clp is null)
            {
                return;
            }

            claims.Add(new ClaimPayment(clp.Number, clp[1], clp[2], X12Reader.Decimal(clp, 3, "The claim charge"), X12Reader.Decimal(clp, 4, "The claim payment"),
                payerClaim, claimAdjustments, lines));
            clp = null;
            claimAdjustments = [];
            lines = [];
            payerClaim = null;
        }

        foreach (var s in body)
        {
            switch (s.Id)
            {
                case "TRN":
                    check = s[2];
                    break;
                case "N1" when s[1] == "PR":
                    payer = s[2];
                    break;
                case "CLP":
                    FlushClaim();
                    if (string.IsNullOrWhiteSpace(s[1]))
                    {
                        throw X12Reader.Fail(s, "CLP01 (the claim number sent as CLM01) is missing.");
                    }

                    if (s[2] is not ("1" or "2" or "3" or "4" or "19" or "20" or "21" or "22" or "23" or "25"))
                    {
                        throw X12Reader.Fail(s, $"CLP02 '{s[2]}' is not a claim status code (1, 2, 3, 4, 19-23, 25).");
                    }

                    clp = s;
                    break;
                case "CAS":
                    if (clp is null)
                    {
                        throw X12Reader.Fail(s, "CAS before any CLP.");
                    }

                    var adjustments = ReadAdjustments(s);
                    if (svc is null)
                    {
                        claimAdjustments.AddRange(adjustments);
                    }
                    else
                    {
                        lineAdjustments.AddRange(adjustments);
                    }

                    break;
                case "REF" when s[1] == "6R" && svc is not null:
                    lineControl = s[2];
                    break;
                case "SVC":
                    if (clp is null)
                    {
                        throw X12Reader.Fail(s, "SVC before any CLP.");
                    }

                    FlushLine();
                    svc = s;
                    break;
                case "PLB" or "SE":
                    FlushClaim();
                    break;
            }

            if (s.Id == "CLP" && clp is not null)
            {
                payerClaim = s[7];
            }
        }

        FlushClaim();
        return claims;
    }

    /// <summary>CAS01 group, then up to six triplets of reason, amount, quantity.</summary>
    private static List<Adjustment> ReadAdjustments(X12Segment s)
    {
        if (s[1] is not ("CO" or "PR" or "OA" or "PI" or "CR"))
        {
            throw X12Reader.Fail(s, $"CAS01 '{s[1]}' is not a claim adjustment group (CO, PR, OA, PI, CR).");
        }

        var result = new List<Adjustment>();
        for (var i = 2; i <= 17; i += 3)
        {
            if (string.IsNullOrEmpty(s[i]))
            {
                break;
            }

            result.Add(new Adjustment(s[1], s[i], X12Reader.Decimal(s, i + 1, "The adjustment amount"), X12Reader.OptionalDecimal(s, i + 2, "The adjustment quantity")));
        }

        return result.Count == 0 ? throw X12Reader.Fail(s, "CAS has a group code but no reason code and amount.") : result;
    }
}
