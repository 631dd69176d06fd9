using System.Text.Json;

namespace Personalization.Host.Http;

/// <summary>Reads a JSON request body with an explicit size cap, so oversize or malformed bodies get a clear problem.</summary>
public static class JsonBody
{
    /// <summary>Reads the body and hands its root to <paramref name="handle"/>; an oversize or malformed body answers with its problem instead.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken, Func<JsonElement, Task<IResult>> handle)
    {
        var (document, problem) = await ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            return await handle(document!.RootElement);
        }
    }

    public static Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken, Func<JsonElement, IResult> handle) =>
        HandleAsync(request, cancellationToken, root => Task.FromResult(handle(root)));

    private static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > ApiLimits.MaxRequestBytes)
        {
            return (null, TooLarge(request.ContentLength.Value));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > ApiLimits.MaxRequestBytes)
            {
                return (null, TooLarge(buffer.Length + read));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, FieldErrors.Problem("body", "a JSON body is required", "The request body is empty."));
        }

        try
        {
            return (JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            return (null, FieldErrors.Problem("body", $"not valid JSON{where}", "The request body is not valid JSON."));
        }
    }

    private static IResult TooLarge(long bytes) => TypedResults.Problem(
        title: "The request body is too large.",
        detail: $"The body has at least {bytes} bytes; the limit is {ApiLimits.MaxRequestBytes} bytes.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        extensions: new Dictionary<string, object?> { ["field"] = "body", ["limitBytes"] = ApiLimits.MaxRequestBytes });
}
