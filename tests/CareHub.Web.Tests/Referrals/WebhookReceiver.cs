using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CareHub.Referrals;

namespace CareHub.Web.Tests.Referrals;

/// <summary>An idempotent webhook receiver on 127.0.0.1 that handles requests concurrently: it applies each event id
/// once (counting repeats), checks signatures, can take its time, and can refuse the first request of each event.
/// Every request is recorded with when it started and ended, to find overlapping sends of one event.</summary>
public sealed class WebhookReceiver : IDisposable
{
    public sealed record Request(Guid EventId, DateTime Start, DateTime End, int Status, string Body);

    private readonly HttpListener _listener = new();
    private readonly string _secret;
    private readonly ConcurrentDictionary<Guid, int> _seen = new();

    public WebhookReceiver(string secret, TimeSpan delay = default, bool refuseFirstRequestOfEachEvent = false)
    {
        _secret = secret;
        Delay = delay;
        RefuseFirst = refuseFirstRequestOfEachEvent;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/events";
    public TimeSpan Delay { get; }
    public bool RefuseFirst { get; }

    /// <summary>When set, how long the receiver takes for each event (instead of <see cref="Delay"/>).</summary>
    public Func<Guid, TimeSpan>? DelayFor { get; init; }
    public int BadSignatures;

    /// <summary>Event id → the body, for each event applied (once, whatever the repeats).</summary>
    public ConcurrentDictionary<Guid, string> Applied { get; } = new();

    /// <summary>Event ids in the order they were first applied.</summary>
    public ConcurrentQueue<Guid> AppliedOrder { get; } = new();
    public ConcurrentQueue<Request> Requests { get; } = new();

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        var start = DateTime.UtcNow;
        try
        {
            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            if (!Webhooks.Verify(_secret, body, ctx.Request.Headers[Webhooks.SignatureHeader]))
            {
                Interlocked.Increment(ref BadSignatures);
                ctx.Response.StatusCode = 401;
                ctx.Response.Close();
                return;
            }

            var id = Guid.Parse(ctx.Request.Headers[Webhooks.EventIdHeader]!);
            var delay = DelayFor?.Invoke(id) ?? Delay;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            var first = _seen.AddOrUpdate(id, 1, (_, n) => n + 1) == 1;
            var status = RefuseFirst && first ? 500 : 204;
            if (status == 204 && Applied.TryAdd(id, body))
            {
                AppliedOrder.Enqueue(id); // idempotent: a repeated event id changes nothing
            }

            Requests.Enqueue(new Request(id, start, DateTime.UtcNow, status, body));
            ctx.Response.StatusCode = status;
            ctx.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The sender gave up on this request; nothing to answer.
        }
    }

    public void Dispose() => _listener.Close();
}
