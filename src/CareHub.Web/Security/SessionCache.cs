using System.Collections.Concurrent;
using CareHub.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Security;

/// <summary>
/// Remembers for a few seconds that a person's session (user id and security stamp) was found valid and unlocked, so
/// a burst of API calls checks the account once instead of once per request. Any change this instance makes to an
/// account (lock, password, sign-out of the API, disable) forgets it at once through <see cref="CareHubUserManager"/>;
/// a change made by another instance or the command line takes effect within <see cref="Lifetime"/>.
/// </summary>
public sealed class SessionCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (string? Stamp, DateTimeOffset Until)> _valid = new(StringComparer.Ordinal);

    public bool IsValid(string userId, string? stamp) =>
        _valid.TryGetValue(userId, out var entry) && entry.Stamp == stamp && clock.GetUtcNow() < entry.Until;

    public void Remember(string userId, string? stamp)
    {
        _valid[userId] = (stamp, clock.GetUtcNow() + Lifetime);
        if (_valid.Count > 100_000)
        {
            _valid.Clear();
        }
    }

    public void Forget(string userId) => _valid.TryRemove(userId, out _);
}

/// <summary>The app's user manager: every account change made through it ends the cached session check.</summary>
public sealed class CareHubUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    SessionCache sessions)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    protected override Task<IdentityResult> UpdateUserAsync(AppUser user)
    {
        sessions.Forget(user.Id);
        return base.UpdateUserAsync(user);
    }

    public override Task<IdentityResult> DeleteAsync(AppUser user)
    {
        sessions.Forget(user.Id);
        return base.DeleteAsync(user);
    }
}
