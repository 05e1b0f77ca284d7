using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CareHub.Data;
using CareHub.Organizations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Security;

/// <summary>
/// Long-lived per-organization API keys for system-to-system calls, sent as <c>X-Api-Key: chk_...</c>
/// (or <c>Authorization: ApiKey chk_...</c>). Only a SHA-256 hash of the key is stored.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CareHubDbContext db,
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
        var apiKey = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix);
        if (apiKey is null || apiKey.RevokedAt is not null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(apiKey.SecretHash), Encoding.ASCII.GetBytes(hash)))
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == apiKey.OrganizationId);
        apiKey.LastUsedAt = clock.GetUtcNow();
        await db.SaveChangesAsync();

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "apikey:" + apiKey.Id),
            new Claim(ClaimTypes.Name, $"api-key:{apiKey.Name}"),
            new Claim(ClaimTypes.Role, apiKey.Role),
            new Claim(CareHubClaims.OrganizationId, org.Id.ToString()),
            new Claim(CareHubClaims.OrganizationType, org.Type.ToString()),
            new Claim(CareHubClaims.DisplayName, $"{org.Name} (API key {apiKey.Name})"),
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
