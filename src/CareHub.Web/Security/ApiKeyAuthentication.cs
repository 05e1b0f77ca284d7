using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Security;

/// <summary>
/// Long-lived per-organization API keys for system-to-system calls, sent as <c>X-Api-Key: chk_...</c>
/// (or <c>Authorization: ApiKey chk_...</c>). Only a SHA-256 hash of the key is stored. A key found valid is
/// remembered for a few seconds (<see cref="ApiKeyCache"/>) and its last use is written at most once a minute.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CareHubDbContext db,
    ApiKeyCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeys.LooksValid(key))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var hash = ApiKeys.Hash(key);
        var prefix = key[..ApiKeys.PrefixLength];
        var known = cache.Find(prefix);
        if (known is null)
        {
            var apiKey = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix);
            if (apiKey is not null && apiKey.RevokedAt is null)
            {
                var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == apiKey.OrganizationId);
                known = new ApiKeyCache.Entry(apiKey.Id, prefix, apiKey.SecretHash, apiKey.Name, apiKey.Role, org.Id, org.Type, org.Name);
                cache.Remember(known);
            }
        }

        if (known is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(known.SecretHash), Encoding.ASCII.GetBytes(hash)))
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        if (cache.ShouldRecordUse(known.KeyId))
        {
            var now = clock.GetUtcNow();
            await db.ApiKeys.Where(k => k.Id == known.KeyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now));
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "apikey:" + known.KeyId),
            new Claim(ClaimTypes.Name, $"api-key:{known.Name}"),
            new Claim(ClaimTypes.Role, known.Role),
            new Claim(CareHubClaims.OrganizationId, known.OrganizationId.ToString()),
            new Claim(CareHubClaims.OrganizationType, known.OrganizationType.ToString()),
            new Claim(CareHubClaims.DisplayName, $"{known.OrganizationName} (API key {known.Name})"),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    internal static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var values) && !string.IsNullOrWhiteSpace(values))
        {
            return values.ToString().Trim();
        }

        var auth = request.Headers.Authorization.ToString();
        return auth.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
    }
}

/// <summary>
/// API keys found valid in the last few seconds, so a system's burst of calls reads its key once. Revoking a key
/// through this instance forgets it at once; a revocation made by another instance takes effect within
/// <see cref="Lifetime"/>.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (Entry Entry, DateTimeOffset Until)> _byPrefix = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastUseRecorded = new();

    public sealed record Entry(Guid KeyId, string Prefix, string SecretHash, string Name, string Role, Guid OrganizationId, OrganizationType OrganizationType, string OrganizationName);

    public Entry? Find(string prefix) => _byPrefix.TryGetValue(prefix, out var hit) && clock.GetUtcNow() < hit.Until ? hit.Entry : null;

    public void Remember(Entry entry)
    {
        if (_byPrefix.Count > 10_000)
        {
            _byPrefix.Clear();
        }

        _byPrefix[entry.Prefix] = (entry, clock.GetUtcNow() + Lifetime);
    }

    public void Forget(Guid keyId)
    {
        foreach (var (prefix, hit) in _byPrefix)
        {
            if (hit.Entry.KeyId == keyId)
            {
                _byPrefix.TryRemove(prefix, out _);
            }
        }
    }

    /// <summary>True at most once per <see cref="LastUseResolution"/> per key: when its last use should be written.</summary>
    public bool ShouldRecordUse(Guid keyId)
    {
        var now = clock.GetUtcNow();
        if (_lastUseRecorded.TryGetValue(keyId, out var at) && now - at < LastUseResolution)
        {
            return false;
        }

        if (_lastUseRecorded.Count > 10_000)
        {
            _lastUseRecorded.Clear();
        }

        _lastUseRecorded[keyId] = now;
        return true;
    }
}
