namespace CareHub.Members;

/// <summary>A Medi-Cal member enrolled in a plan. Calendar dates are <see cref="DateOnly"/>.</summary>
public sealed class Member
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The plan that currently enrolls the member; the plan's users see the member through it.</summary>
    public Guid PlanId { get; set; }

    /// <summary>The plan's own member id.</summary>
    public required string PlanMemberId { get; set; }

    /// <summary>The state's client index number.</summary>
    public string? Cin { get; set; }

    public required string FirstName
    {
        get;
        set
        {
            field = value;
            FirstNameKey = NameKey(value);
        }
    }

    public required string LastName
    {
        get;
        set
        {
            field = value;
            LastNameKey = NameKey(value);
        }
    }

    /// <summary>The first name as name searches match it (<see cref="NameKey"/>), kept with the name.</summary>
    public string FirstNameKey { get; private set; } = "";

    /// <summary>The last name as name searches match it (<see cref="NameKey"/>), kept with the name.</summary>
    public string LastNameKey { get; private set; } = "";
    public DateOnly BirthDate { get; set; }
    public DateOnly? DeathDate { get; set; }

    /// <summary>F, M, X or U.</summary>
    public string Sex { get; set; } = "U";

    public required string County { get; set; }
    public string? HealthNetwork { get; set; }

    /// <summary>True when also enrolled in Medicare ("Medi-Medi").</summary>
    public bool IsDual { get; set; }

    public string? AidCode { get; set; }
    public string PreferredLanguage { get; set; } = "English";
    public string? Phone { get; set; }
    public string? AddressLine { get; set; }
    public string? City { get; set; }
    public string? Zip { get; set; }
    public string? RaceEthnicity { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string FullName => $"{FirstName} {LastName}";

    /// <summary>The key lists sort members by: last name, then first name, without regard to case.</summary>
    public static string SortName(string lastName, string firstName) => $"{lastName.Trim()} {firstName.Trim()}".ToUpperInvariant();

    /// <summary>A name as searches match it (<see cref="NameKeys"/>).</summary>
    public static string NameKey(string? name) => NameKeys.Of(name);

    /// <summary>Age in whole years on <paramref name="asOf"/>; a birthday on that date counts.</summary>
    public int AgeOn(DateOnly asOf) => Ages.WholeYears(BirthDate, asOf);
}
