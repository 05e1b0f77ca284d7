namespace CareHub.Network;

/// <summary>
/// The National Provider Identifier: ten digits whose last is a Luhn check digit computed over the nine before it
/// prefixed with the card issuer prefix <c>80840</c> (CMS NPI standard). The prefix adds a constant 24 to the Luhn
/// sum of the nine digits.
/// </summary>
public static class Npi
{
    private const string Prefix = "80840";

    /// <summary>The check digit for the first nine digits of an NPI.</summary>
    public static int CheckDigit(ReadOnlySpan<char> firstNine)
    {
        if (firstNine.Length != 9)
        {
            throw new ArgumentException("An NPI check digit is computed over exactly nine digits.", nameof(firstNine));
        }

        var digits = string.Concat(Prefix, firstNine.ToString());
        var sum = 0;
        // Luhn: from the right of the payload (the check digit would follow), double every other digit starting with the last.
        var doubleIt = true;
        for (var i = digits.Length - 1; i >= 0; i--, doubleIt = !doubleIt)
        {
            var d = digits[i] - '0';
            if (d is < 0 or > 9)
            {
                throw new ArgumentException("An NPI has only digits.", nameof(firstNine));
            }

            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>True for ten digits whose last is the right check digit.</summary>
    public static bool IsValid(string? npi)
    {
        if (npi is not { Length: 10 } || !npi.All(char.IsAsciiDigit))
        {
            return false;
        }

        return CheckDigit(npi.AsSpan(0, 9)) == npi[9] - '0';
    }

    /// <summary>Why an NPI is refused, or null when it is valid.</summary>
    public static string? Problem(string? npi) => npi switch
    {
        null or "" => "The NPI is required.",
        { Length: not 10 } => $"An NPI has 10 digits; '{npi}' has {npi.Length} characters.",
        _ when !npi.All(char.IsAsciiDigit) => "An NPI has only digits.",
        _ when !IsValid(npi) => $"The NPI's check digit is wrong: for {npi[..9]} it should be {CheckDigit(npi.AsSpan(0, 9))}.",
        _ => null,
    };
}
