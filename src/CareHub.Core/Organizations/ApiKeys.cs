using System.Security.Cryptography;
using System.Text;

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
}
