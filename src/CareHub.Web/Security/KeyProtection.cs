using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace CareHub.Web.Security;

/// <summary>
/// The data-protection keys (which sign cookies, bearer and refresh tokens) are stored in the database; outside
/// Development they are encrypted there with a certificate from configuration, so a copy of the database cannot
/// mint tokens. <c>CareHub:DataProtection:Certificate</c> is a PFX file (with <c>CertificatePassword</c>) or the
/// thumbprint of a certificate in the current user's or machine's store. Production refuses to start without it.
/// </summary>
public static class KeyProtection
{
    public const string Section = "CareHub:DataProtection";

    public static void AddKeyProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var setting = configuration[$"{Section}:Certificate"];
        if (string.IsNullOrWhiteSpace(setting))
        {
            if (environment.IsProduction())
            {
                throw new InvalidOperationException(
                    $"Set {Section.Replace(":", "__", StringComparison.Ordinal)}__Certificate (a PFX file or a certificate thumbprint) so data-protection keys are encrypted in the database.");
            }

            return;
        }

        var certificate = Load(setting.Trim(), configuration[$"{Section}:CertificatePassword"]);
        services.AddDataProtection().ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }

    private static X509Certificate2 Load(string setting, string? password)
    {
        if (File.Exists(setting))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(setting, password, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey ? certificate : throw new InvalidOperationException($"The certificate in {setting} has no private key.");
        }

        foreach (var location in (StoreLocation[])[StoreLocation.CurrentUser, StoreLocation.LocalMachine])
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, setting, validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        throw new InvalidOperationException($"No certificate file or store certificate with thumbprint '{setting}' for {Section}:Certificate.");
    }
}
