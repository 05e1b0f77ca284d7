using System.Security.Cryptography;
using System.Text;
using CareHub.Common;

namespace CareHub.Organizations;

/// <summary>Making and checking API key secrets. Keys look like <c>chk_</c> + 48 hex digits; only a SHA-256 hash
/// and the first 12 characters (to find the key) are stored.</summary>
public static class ApiKeys
{
    public const string KeyPrefix = "chk_";
    public const int PrefixLength = 12;

    public sealed record NewApiKey(string Key, string Prefix, string Hash);

    public static NewApiKey NewKey()
    {
        var key = KeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return new NewApiKey(key, key[..PrefixLength], Hash(key));
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool LooksValid(string key) => key.StartsWith(KeyPrefix, StringComparison.Ordinal) && key.Length > PrefixLength + 8;

    /// <summary>The longest name a key may have.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The roles a plan's key may act with.</summary>
    public static readonly IReadOnlyList<string> PlanKeyRoles = [Roles.PlanCareManager, Roles.PlanAdmin];

    /// <summary>What is wrong with a new key's name and role, by field (empty when both are fine).</summary>
    public static Dictionary<string, string[]> Check(string? name, string? role)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors["name"] = ["Name the system that will use the key."];
        }
        else if (trimmed.Length > MaxNameLength)
        {
            errors["name"] = [$"The name is {trimmed.Length:N0} characters long; use at most {MaxNameLength}."];
        }
        else if (trimmed.Any(char.IsControl))
        {
            errors["name"] = ["The name may not contain line breaks or control characters."];
        }

        if (role is null || !PlanKeyRoles.Contains(role, StringComparer.Ordinal))
        {
            errors["role"] = [$"A plan's key may act as {Roles.PlanAdmin} or {Roles.PlanCareManager}, not '{role}'."];
        }

        return errors;
    }
}
