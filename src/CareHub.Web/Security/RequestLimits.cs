using CareHub.Common;
using Microsoft.AspNetCore.Http.Features;

namespace CareHub.Web.Security;

/// <summary>
/// A body size limit on every route: 1 MiB by default, more where files come in (referrals with documents, the
/// admission/discharge CSV, invoices, X12 834 and 835 files, RTF and OTF files) — the same on the API, FHIR and the pages. A
/// larger body is refused with 413 before or while it is read, whether or not it announces its length. An upload page
/// takes a little more than its file limit, so a file just over it is named on the page's file field.
/// </summary>
public static class RequestLimits
{
    public const long DefaultBytes = 1024 * 1024;

    /// <summary>The admission/discharge CSV, on the page and the API.</summary>
    public const long TransitionsFileBytes = 5 * 1024 * 1024;

    /// <summary>The invoice CSV on the billing page.</summary>
    public const long InvoiceFileBytes = 5 * 1024 * 1024;

    /// <summary>An X12 834 or 835, or an RTF or OTF, on the data exchange page.</summary>
    public const long ExchangeFileBytes = 20 * 1024 * 1024;

    /// <summary>Room for the rest of an upload form (the antiforgery token, the multipart headers).</summary>
    private const long FormBytes = 64 * 1024;

    /// <summary>A referral with its documents as base64 JSON (or a form with one file).</summary>
    public static readonly long ReferralBytes = (InputRules.MaxDocumentsBytesPerRequest + 2) / 3 * 4 + DefaultBytes;

    public static long LimitFor(HttpRequest request) => LimitFor(request.Method, request.Path);

    public static long LimitFor(string method, PathString path)
    {
        if (HttpMethods.IsPost(method))
        {
            if (Is(path, "/api/ecm/transitions") || Is(path, "/ecm/transitions"))
            {
                return TransitionsFileBytes + FormBytes;
            }

            if (Is(path, "/billing") || Is(path, "/api/billing/invoices"))
            {
                return InvoiceFileBytes + FormBytes;
            }

            if (Is(path, "/exchange") || Is(path, "/api/exchange/rtf") || Is(path, "/api/exchange/otf")
                || Is(path, "/api/billing/remittances") || Is(path, "/api/enrollment/834"))
            {
                return ExchangeFileBytes + FormBytes;
            }

            if (Is(path, "/api/referrals") || Is(path, "/fhir/ServiceRequest") || Is(path, "/referrals/new"))
            {
                return ReferralBytes;
            }
        }

        return DefaultBytes;
    }

    private static bool Is(PathString path, string route) =>
        path.Equals(route, StringComparison.OrdinalIgnoreCase) || path.Equals(route + "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The largest file an upload page or API takes, for the message that refuses a larger one; null where
    /// the route takes no file.</summary>
    public static long? FileLimitFor(string method, PathString path)
    {
        var limit = LimitFor(method, path);
        return limit == DefaultBytes ? null : limit == ReferralBytes ? InputRules.MaxDocumentsBytesPerRequest : limit - FormBytes;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // The error page, run again for a request refused here, neither reads the body nor refuses it a second time.
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null)
        {
            await next(http);
            return;
        }

        var limit = LimitFor(http.Request);
        if (http.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException($"The request body is larger than {limit / 1024:N0} KiB, the most this route takes.", StatusCodes.Status413PayloadTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength is null && http.Request.Body.CanRead)
        {
            http.Request.Body = new LimitedStream(http.Request.Body, limit);
        }

        await next(http);
    });

    /// <summary>Counts what is read from a body without a declared length and stops at the limit.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read > limit)
            {
                throw new BadHttpRequestException($"The request body is larger than {limit / 1024:N0} KiB, the most this route takes.", StatusCodes.Status413PayloadTooLarge);
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
