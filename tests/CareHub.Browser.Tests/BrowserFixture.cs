using CareHub.Browser.Tests.Accessibility;
using CareHub.Testing;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(CareHub.Browser.Tests.BrowserFixture))]

namespace CareHub.Browser.Tests;

/// <summary>
/// CareHub on a real Kestrel port (SQLite, small demo data set) and Debian's Chromium, headless, driven by Playwright.
/// The Chromium executable comes from <c>CAREHUB_CHROMIUM</c> (default <c>/usr/bin/chromium</c>); Playwright's own
/// browser download is never used. Screenshots go to <c>test-artifacts/screenshots/</c>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserApp App { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Browser not started.");

    public Uri BaseAddress => App.ServerAddress!;

    public static string ScreenshotDir { get; } = FindScreenshotDir();

    public async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("CAREHUB_CHROMIUM") ?? "/usr/bin/chromium";
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A fresh browser context (own cookies) with a page at the app's base address. What its tabs visit is
    /// checked for accessibility after the test (<see cref="VisitedPages"/>).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        // A loaded machine can take longer than Playwright's 30 s default for a first page with demo data behind it.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        VisitedPages.Track(context);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page and waits for the home page.</summary>
    public async Task<IPage> SignInAsync(string email, string password = CareHubApp.Password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The page after sign-in is known by the signed-in header alone, which the sign-in page does not have. Waiting
        // for a load state (the new page's load event, or the URL with a wait that falls back to it when the page has
        // already moved on) timed out after 60 s in some runs, with only "networkidle" seen fired, although the page
        // had loaded.
        await Assertions.Expect(page.GetByTestId("user-name")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var role = await page.EvaluateAsync<string?>("() => document.querySelector('.who-role')?.textContent.trim() ?? null");
        VisitedPages.SignedIn(page, role ?? email);
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        VisitedPages.WriteSummary(Path.Combine(ScreenshotDir, "..", "accessibility-checked.txt"));
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    private static string FindScreenshotDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CareHub.slnx")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "test-artifacts", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}

public sealed class BrowserApp() : CareHubApp(TestProvider.Sqlite, realServer: true);
