namespace CareHub.Web.Features.Billing;

/// <summary>Reads a text request body (CSV or X12) up to a size limit.</summary>
public static class RequestText
{
    /// <summary>Largest file accepted by the billing and exchange uploads (the route's body limit may be lower:
    /// <see cref="Security.RequestLimits"/>).</summary>
    public const int MaxBytes = (int)Security.RequestLimits.ExchangeFileBytes;

    public static async Task<(string? Text, string? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, $"The file is larger than {MaxBytes / 1024 / 1024} MB; split it.");
        }

        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var buffer = new char[81920];
        var sb = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), ct)) > 0)
        {
            sb.Append(buffer, 0, read);
            if (sb.Length > MaxBytes)
            {
                return (null, $"The file is larger than {MaxBytes / 1024 / 1024} MB; split it.");
            }
        }

        return sb.Length == 0 ? (null, "The body is empty; send the file as the request body.") : (sb.ToString(), null);
    }
}
