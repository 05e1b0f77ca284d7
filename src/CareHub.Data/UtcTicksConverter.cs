using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CareHub.Data;

/// <summary>Stores an instant as UTC ticks (SQLite), read back with a zero offset.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
