namespace CareHub.Members;

public static class Ages
{
    /// <summary>Age in whole years on <paramref name="asOf"/>; someone born 2004-03-10 is 21 on 2025-03-10.
    /// A 29 February birthday is reached on 1 March in common years.</summary>
    public static int WholeYears(DateOnly birthDate, DateOnly asOf)
    {
        var age = asOf.Year - birthDate.Year;
        if (asOf.Month < birthDate.Month || (asOf.Month == birthDate.Month && asOf.Day < birthDate.Day))
        {
            age--;
        }

        return age;
    }
}
