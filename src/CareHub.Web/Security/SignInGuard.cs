using System.Collections.Concurrent;
using CareHub.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Security;

public sealed class SignInOptions
{
    /// <summary>Failed attempts on one account from one client before that client is held off the account.</summary>
    public int MaxFailuresPerClient { get; set; } = 5;

    /// <summary>Failed attempts on one account from all clients together before every new attempt is held off.</summary>
    public int MaxFailuresPerAccount { get; set; } = 100;

    public TimeSpan HoldOff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in requests one client (IP address) may send per minute, to any account.</summary>
    public int PerClientPerMinute { get; set; } = 30;
}

public enum SignInOutcome
{
    Succeeded,
    Failed,
    HeldOff,
}

/// <summary>
/// Password sign-in that tells nobody whether an account exists: an unknown e-mail, a wrong password and a locked or
/// disabled account get the same answer after the same password-hash work. Failures are counted per account and
/// client, so a stranger cannot lock a user out of their own device; the count per account across all clients only
/// stops a distributed guessing run. (Counters live in this instance's memory; with several instances each holds its
/// own count, which still bounds guessing.)
/// </summary>
public sealed class SignInGuard(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    IPasswordHasher<AppUser> hasher,
    IOptions<SignInOptions> options,
    SignInFailures failures,
    TimeProvider clock)
{
    private static readonly AppUser _nobody = new() { UserName = "nobody@invalid", Email = "nobody@invalid" };
    private static string? _nobodyHash;

    /// <summary>Checks the password and, when it is right, signs in with <paramref name="scheme"/>.</summary>
    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, string scheme, HttpContext http)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var account = "account:" + email.Trim().ToUpperInvariant();
        var client = account + "|client:" + ClientKey(http);
        if (failures.Count(client, now, o.HoldOff) >= o.MaxFailuresPerClient || failures.Count(account, now, o.HoldOff) >= o.MaxFailuresPerAccount)
        {
            return SignInOutcome.HeldOff;
        }

        var user = await users.FindByEmailAsync(email.Trim());
        bool ok;
        if (user is null)
        {
            // The same hashing work as for a real account, so the answer takes as long.
            _nobodyHash ??= hasher.HashPassword(_nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(_nobody, _nobodyHash, password);
            ok = false;
        }
        else
        {
            ok = await users.CheckPasswordAsync(user, password) && !await users.IsLockedOutAsync(user) && await signIn.CanSignInAsync(user);
        }

        if (!ok)
        {
            failures.Add(client, now, o.HoldOff);
            failures.Add(account, now, o.HoldOff);
            return SignInOutcome.Failed;
        }

        failures.Clear(client);
        signIn.AuthenticationScheme = scheme;
        await signIn.SignInAsync(user!, isPersistent: false);
        return SignInOutcome.Succeeded;
    }

    /// <summary>The client as the rate limits see it: its IP address.</summary>
    public static string ClientKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";
}

/// <summary>Recent failed sign-ins by key (account, or account and client), kept in memory for the hold-off window.</summary>
public sealed class SignInFailures
{
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private sealed record Failures(int Count, DateTimeOffset Since);

    public int Count(string key, DateTimeOffset now, TimeSpan window) =>
        _failures.TryGetValue(key, out var f) && now - f.Since < window ? f.Count : 0;

    public void Clear(string key) => _failures.TryRemove(key, out _);

    public void Add(string key, DateTimeOffset now, TimeSpan window)
    {
        _failures.AddOrUpdate(key, _ => new Failures(1, now), (_, f) => now - f.Since < window ? f with { Count = f.Count + 1 } : new Failures(1, now));
        if (_failures.Count > 100_000)
        {
            foreach (var stale in _failures.Where(e => now - e.Value.Since >= window).Select(e => e.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }
    }
}
