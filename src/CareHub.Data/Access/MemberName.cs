namespace CareHub.Data.Access;

/// <summary>
/// A member's name read from the members table without the member filter, to be joined only with rows a filter has
/// admitted already (a referral is admitted only when the caller sees its member), so a list and its members' names
/// come in one query. Reading member names any other way goes through <see cref="CareHubDbContext.Members"/>.
/// </summary>
public sealed class MemberName
{
    public Guid Id { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";

    /// <summary>As <see cref="Members.Member.FullName"/>.</summary>
    public string FullName => $"{FirstName} {LastName}";
}
