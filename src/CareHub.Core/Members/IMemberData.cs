namespace CareHub.Members;

/// <summary>
/// Marks an entity that holds one member's data. The data layer shows such a row only to those who may see the
/// member, so features get organization scoping by implementing this interface.
/// </summary>
public interface IMemberData
{
    Guid MemberId { get; }
}
