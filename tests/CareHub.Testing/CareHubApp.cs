using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Web.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CareHub.Testing;

/// <summary>
/// CareHub started for tests on its own throwaway database, seeded with a small demo data set (the demo accounts
/// and organizations). Tests add the data they need on top.
/// </summary>
public abstract partial class CareHubApp(TestProvider provider, bool realServer = false)
    : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = DemoAccounts.Password;
    public const int DemoMembers = 200;

    private TestDatabase? _database;

    public TestProvider Provider { get; } = provider;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The app's last warnings and errors.</summary>
    public AppLog Log { get; } = new();

    /// <summary>The base address of the real Kestrel server (when started with a real server).</summary>
    public Uri? ServerAddress { get; private set; }

    /// <summary>False when PostgreSQL is not configured on this machine (tests skip, or fail under CI).</summary>
    public bool Available { get; private set; } = true;

    /// <summary>Call at the start of a test: skips it when the app's database is not available here.</summary>
    public void Require()
    {
        if (!Available)
        {
            TestDatabase.RequirePostgres();
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (Provider == TestProvider.Postgres && !TestDatabase.PostgresAvailable
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Available = false;
            return;
        }

        _database = await TestDatabase.CreateAsync(Provider);
        if (realServer)
        {
            UseKestrel(0);
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            ServerAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
        else
        {
            _ = Server; // starts the in-memory server: migrations and demo seed run now
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = Database.Settings;
        builder.UseSetting("ConnectionStrings:Postgres", settings.Provider == DatabaseProvider.Postgres ? settings.ConnectionString : "");
        builder.UseSetting("ConnectionStrings:Sqlite", settings.Provider == DatabaseProvider.Sqlite ? settings.ConnectionString : "");
        builder.UseSetting("CareHub:Demo:Enabled", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Critical");
        builder.UseSetting("Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks", "Error");
        builder.UseSetting("CareHub:Demo:Members", DemoMembers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Every test signs in from the same address; the per-client sign-in limit is tested on its own.
        builder.UseSetting("CareHub:SignIn:PerClientPerMinute", "100000");
        builder.UseSetting("CareHub:Webhooks:PollInterval", "00:00:00.200");
        builder.UseSetting("CareHub:Jobs:PollInterval", "00:00:00.200");
        builder.UseSetting("CareHub:Webhooks:BaseBackoff", "00:00:00.200");
        builder.UseSetting("CareHub:Webhooks:MaxBackoff", "00:00:01");
        builder.UseSetting("CareHub:Webhooks:AllowPrivateNetworks", "true"); // test receivers listen on 127.0.0.1
        if (realServer)
        {
            builder.UseSetting("urls", "http://127.0.0.1:0");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A data context that sees everything (for arranging and checking test data).</summary>
    public CareHubDbContext SystemDb() => DatabaseSetup.CreateContext(Database.Settings);

    /// <summary>A data context scoped to one organization, as its users would see.</summary>
    public CareHubDbContext ScopedDb(Guid organizationId, OrganizationType type) =>
        DatabaseSetup.CreateContext(Database.Settings, new FixedAccessScope(organizationId, type));

    public async Task<Organization> OrganizationAsync(string demoEmail)
    {
        await using var db = SystemDb();
        var orgId = await db.Users.Where(u => u.Email == demoEmail).Select(u => u.OrganizationId).SingleAsync();
        return await db.Organizations.SingleAsync(o => o.Id == orgId);
    }

    /// <summary>An API client signed in with a bearer token from <c>POST /api/auth/login</c>.</summary>
    public async Task<HttpClient> ApiClientAsync(string email, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>A client that signs in through the sign-in page, as a browser does (cookie and antiforgery).</summary>
    public async Task<HttpClient> PageClientAsync(string email, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var html = await client.GetStringAsync("/account/login");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
        });
        var response = await client.PostAsync("/account/login", form);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    public static string AntiforgeryToken(string html) =>
        AntiforgeryRegex().Match(html) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException("No antiforgery token in the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryRegex();

    public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
}

public sealed class SqliteApp() : CareHubApp(TestProvider.Sqlite);

public sealed class PostgresApp() : CareHubApp(TestProvider.Postgres);
