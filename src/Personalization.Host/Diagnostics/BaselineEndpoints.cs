using Personalization.Diagnostics;

namespace Personalization.Host.Diagnostics;

/// <summary>
/// Baselines measured in the same run as the engine's endpoints, so load-test results are ratios that hold on a
/// noisy machine: the HTTP stack alone (a GET, and a POST whose body is read and dropped), and the HTTP stack plus one
/// bare grain call. Off unless
/// "Diagnostics:BaselineEndpoints" is true.
/// </summary>
public static class BaselineEndpoints
{
    public static void MapBaselineEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!configuration.GetValue("Diagnostics:BaselineEndpoints", false))
        {
            return;
        }

        var baselines = app.MapGroup("/baseline").WithTags("Baselines").ExcludeFromDescription();
        baselines.MapGet("/noop", () => TypedResults.Ok(new { ok = true }));

        // The stack's limit for a request that carries a body, read the way the event endpoint reads one.
        baselines.MapPost("/noop", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var body = request.BodyReader;
            while (true)
            {
                var read = await body.ReadAsync(cancellationToken);
                if (read.IsCompleted || read.IsCanceled)
                {
                    var bytes = read.Buffer.Length;
                    body.AdvanceTo(read.Buffer.End);
                    return TypedResults.Ok(new { ok = true, bytes });
                }

                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        });
        baselines.MapGet("/grain/{id}", async (string id, IGrainFactory grains) =>
        {
            await grains.GetGrain<IPingGrain>(id).PingAsync();
            return TypedResults.Ok(new { ok = true });
        });
    }
}
