using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Accessibility;

/// <summary>
/// Checks every page the tests visit, after each test (<see cref="CheckVisitedPagesAttribute"/>): axe-core's WCAG
/// 2.0/2.1 A and AA rules (serious or critical violations) at desktop width and at 390 px, and no sideways scrolling
/// at 390 px. Each page a test leaves open is checked as the test left it (a form with its errors shown), then each
/// page it loaded with GET is loaded again in the same tab, so with the same cookies and role. Pages reached by POST,
/// downloads, anything not HTML and GET pages answered with an error status (a 403 or 404 a test asks for) are not
/// loaded again, and neither is anything a closed tab visited. To keep the suite fast, a page is loaded again once
/// per run for each role and path pattern (ids replaced, query names kept), and a final state is checked once per run
/// for each role, pattern and set of element kinds shown.
/// </summary>
public static class VisitedPages
{
    public const int PhoneWidth = 390;
    public const int DesktopWidth = 1280;
    private const string Anonymous = "anonymous";

    private static readonly ConcurrentDictionary<string, List<TrackedContext>> _byTest = new();
    private static readonly ConcurrentDictionary<string, byte> _checked = new();
    private static long _checkTicks;

    /// <summary>Writes what was checked in this run, one page or final state a line.</summary>
    public static void WriteSummary(string path) =>
        File.WriteAllLines(path,
        [
            $"{_checked.Count} pages and final states checked, in {TimeSpan.FromTicks(Interlocked.Read(ref _checkTicks)).TotalSeconds:0} s of test time",
            .. _checked.Keys.Order(StringComparer.Ordinal),
        ]);

    /// <summary>Starts recording the main-frame navigations of every tab of a context the current test opened.</summary>
    public static void Track(IBrowserContext context)
    {
        var testId = TestContext.Current.Test?.UniqueID;
        if (testId is null)
        {
            return;
        }

        var tracked = new TrackedContext(context);
        var list = _byTest.GetOrAdd(testId, _ => []);
        lock (list)
        {
            list.Add(tracked);
        }

        context.Page += (_, page) => tracked.Add(page);
    }

    /// <summary>Tags the tab's navigations since it left the sign-in page, and all later ones, with the role signed in.</summary>
    public static void SignedIn(IPage page, string role)
    {
        if (Find(page) is not { } found)
        {
            return;
        }

        found.Context.Role = role;
        found.Page.Retag(role);
    }

    /// <summary>Checks the page as it is now, unless its role and path pattern were checked before in this run.</summary>
    public static async Task<IReadOnlyList<string>> CheckOnceAsync(IPage page)
    {
        var role = Find(page)?.Context.Role ?? Anonymous;
        return _checked.TryAdd(Key(role, page.Url), 0) ? await CheckAsync(page, $"{role} {PathAndQuery(page.Url)}") : [];
    }

    /// <summary>Checks the page as it is now at both widths, naming each failure with the label and the width.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IPage page, string label)
    {
        var failures = new List<string>();
        var started = Stopwatch.GetTimestamp();
        await CheckHereAsync(page, label, failures);
        Interlocked.Add(ref _checkTicks, Stopwatch.GetElapsedTime(started).Ticks);
        return failures;
    }

    /// <summary>Checks what the test visited, then closes its contexts.</summary>
    public static async Task<IReadOnlyList<string>> CheckAfterTestAsync(string testId)
    {
        if (!_byTest.TryRemove(testId, out var contexts))
        {
            return [];
        }

        var failures = new List<string>();
        var started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var context in contexts)
            {
                foreach (var page in context.OpenPages())
                {
                    page.Stop();
                    await CheckFinalStateAsync(context, page, failures);
                    await RevisitAsync(page, failures);
                }
            }
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.Context.CloseAsync();
            }

            Interlocked.Add(ref _checkTicks, Stopwatch.GetElapsedTime(started).Ticks);
        }

        return failures;
    }

    private static async Task CheckFinalStateAsync(TrackedContext context, TrackedPage tracked, List<string> failures)
    {
        var page = tracked.Page;
        if (tracked.Document is not { Html: true } document || document is { Method: "GET", Status: >= 400 })
        {
            return;
        }

        // A test may end on a click whose page is still loading.
        await page.WaitForLoadStateAsync(LoadState.Load);

        var shape = await page.EvaluateAsync<string?>(
            "() => document.contentType !== 'text/html' ? null : [...new Set([...document.querySelectorAll('body *')]" +
            ".filter(e => e.getClientRects().length).map(e => [e.tagName, ...[...e.classList].sort(), e.getAttribute('role'), e.getAttribute('aria-invalid')].join(' ')))].sort().join('|')");
        if (shape is null)
        {
            return;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(shape)))[..12];
        if (_checked.TryAdd($"{Key(context.Role, page.Url)} #{hash}", 0))
        {
            // A page loaded with GET and then worked on stands for the page as loaded: it is not loaded again.
            if (document.Method == "GET")
            {
                _checked.TryAdd(Key(context.Role, page.Url), 0);
            }

            await CheckHereAsync(page, $"{context.Role} {PathAndQuery(page.Url)} as the test left it", failures);
        }
    }

    private static async Task RevisitAsync(TrackedPage tracked, List<string> failures)
    {
        var page = tracked.Page;
        foreach (var (url, role) in tracked.Visits())
        {
            var key = Key(role, url);
            if (!_checked.TryAdd(key, 0))
            {
                continue;
            }

            IResponse? response;
            try
            {
                response = await page.GotoAsync(url);
            }
            catch (TimeoutException)
            {
                // The test loaded this page already; a slow machine is not an accessibility failure. Another test
                // may still check it.
                _checked.TryRemove(key, out _);
                continue;
            }

            var type = response is null ? null : await response.HeaderValueAsync("content-type");
            if (response is not { Ok: true } || type?.StartsWith("text/html", StringComparison.Ordinal) != true
                || new Uri(page.Url).AbsolutePath != new Uri(url).AbsolutePath)
            {
                // Signed out, or the record is gone: another test may still reach this page.
                _checked.TryRemove(key, out _);
                continue;
            }

            await CheckHereAsync(page, $"{role} {PathAndQuery(url)}", failures);
        }
    }

    private static async Task CheckHereAsync(IPage page, string label, List<string> failures)
    {
        var before = failures.Count;
        await page.SetViewportSizeAsync(DesktopWidth, 860);
        foreach (var v in await AxeCheck.SeriousViolationsAsync(page))
        {
            failures.Add($"{label} at {DesktopWidth} px: {v}");
        }

        if (failures.Count > before)
        {
            await BrowserFixture.ScreenshotAsync(page, "axe-" + Slug(label) + "-desktop");
        }

        before = failures.Count;
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (widths[0] > widths[1])
        {
            var culprits = await page.EvaluateAsync<string[]>(
                "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)" +
                ".filter(e => !e.closest('.table-scroll, .scroll')).slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + (e.id ? '#' + e.id : ''))",
                widths[1]);
            failures.Add($"{label} at {PhoneWidth} px: scrolls sideways, scrollWidth {widths[0]} > {widths[1]} ({string.Join(", ", culprits)})");
        }

        foreach (var v in await AxeCheck.SeriousViolationsAsync(page))
        {
            failures.Add($"{label} at {PhoneWidth} px: {v}");
        }

        if (failures.Count > before)
        {
            await BrowserFixture.ScreenshotAsync(page, "axe-" + Slug(label) + "-phone");
        }
    }

    private static (TrackedContext Context, TrackedPage Page)? Find(IPage page)
    {
        foreach (var list in _byTest.Values)
        {
            lock (list)
            {
                foreach (var context in list)
                {
                    if (context.Find(page) is { } tracked)
                    {
                        return (context, tracked);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The role and the path with ids replaced and the query's names kept: <c>/ecm/cases/{id}?tab</c>.</summary>
    internal static string Key(string role, string url)
    {
        var uri = new Uri(url);
        var path = string.Join('/', uri.AbsolutePath.Split('/').Select(s =>
            Guid.TryParse(s, out _) ? "{id}" : s.Length > 0 && s.All(char.IsAsciiDigit) ? "{n}" : s));
        var names = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Uri.UnescapeDataString(p.Split('=')[0])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? $"{role} {path}" : $"{role} {path}?{string.Join('&', names)}";
    }

    private static string PathAndQuery(string url) => new Uri(url).PathAndQuery;

    private static string Slug(string label)
    {
        var slug = new string([.. label.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Trim('-') is { Length: > 80 } s ? s[..80] : slug.Trim('-');
    }

    private sealed class TrackedContext(IBrowserContext context)
    {
        private readonly List<TrackedPage> _pages = [];

        public IBrowserContext Context { get; } = context;

        public string Role { get; set; } = Anonymous;

        public TrackedPage Add(IPage page)
        {
            lock (_pages)
            {
                if (_pages.Find(p => p.Page == page) is { } known)
                {
                    return known;
                }

                var tracked = new TrackedPage(this, page);
                _pages.Add(tracked);
                return tracked;
            }
        }

        public TrackedPage? Find(IPage page)
        {
            lock (_pages)
            {
                return _pages.Find(p => p.Page == page);
            }
        }

        public List<TrackedPage> OpenPages()
        {
            lock (_pages)
            {
                return [.. _pages.Where(p => !p.Page.IsClosed)];
            }
        }
    }

    private sealed record Visit(string Url, string Role)
    {
        public string Role { get; set; } = Role;
    }

    private sealed record LoadedDocument(string Method, int Status, bool Html);

    private sealed class TrackedPage
    {
        private readonly TrackedContext _context;
        private readonly List<Visit> _visits = [];
        private bool _stopped;

        public TrackedPage(TrackedContext context, IPage page)
        {
            _context = context;
            Page = page;
            page.Response += (_, response) => Record(response);
        }

        public IPage Page { get; }

        /// <summary>The last document the tab's main frame loaded.</summary>
        public LoadedDocument? Document { get; private set; }

        public void Stop()
        {
            lock (_visits)
            {
                _stopped = true;
            }
        }

        public void Retag(string role)
        {
            lock (_visits)
            {
                var since = _visits.FindLastIndex(v => new Uri(v.Url).AbsolutePath == "/account/login") + 1;
                foreach (var visit in _visits.Skip(since))
                {
                    visit.Role = role;
                }
            }
        }

        /// <summary>Each distinct URL the tab loaded with GET, first visit first.</summary>
        public List<(string Url, string Role)> Visits()
        {
            lock (_visits)
            {
                return [.. _visits.Select(v => (v.Url, v.Role)).Distinct()];
            }
        }

        private void Record(IResponse response)
        {
            var request = response.Request;
            if (!request.IsNavigationRequest || response.Frame != Page.MainFrame)
            {
                return;
            }

            var path = new Uri(response.Url).AbsolutePath;
            if (request.Method == "POST" && path == "/account/logout")
            {
                _context.Role = Anonymous;
            }

            if (response.Status is >= 300 and < 400)
            {
                return;
            }

            var headers = response.Headers;
            if (headers.TryGetValue("content-disposition", out var disposition) && disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var html = headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
            lock (_visits)
            {
                if (_stopped)
                {
                    return;
                }

                Document = new LoadedDocument(request.Method, response.Status, html);
                if (request.Method == "GET" && response.Ok && html && path != "/account/logout")
                {
                    _visits.Add(new Visit(response.Url, _context.Role));
                }
            }
        }
    }
}
