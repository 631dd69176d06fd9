using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Host.Http;
using Personalization.Security;
using Personalization.Timing;

namespace Personalization.Host.Security;

/// <summary>Creating, listing and revoking API keys (<c>keys:admin</c>).</summary>
public static class KeyEndpoints
{
    public const int MaxNameLength = 100;
    public const int MaxAllowedOrigins = 20;
    public const int MaxOriginLength = 200;

    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/keys").WithTags("Keys").RequireScope(ApiScopes.KeysAdmin);

        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Create a key: {\"name\",\"scopes\":[...],\"public\":false,\"allowedOrigins\":[...]}; the answer holds the secret, shown only this once")
            .Accepts<JsonElement>("application/json")
            .Produces<CreatedApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        keys.MapGet("/", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("Every key, revoked ones included, without secrets")
            .Produces<ApiKeyListResponse>();

        keys.MapDelete("/{keyId}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke a key; it stops working on every silo within Security:KeyRefreshInterval")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IApiKeyStoreGrain Store(IGrainFactory grains) => grains.GetGrain<IApiKeyStoreGrain>(0);

    private static async Task<IResult> CreateAsync(
        HttpRequest request, IGrainFactory grains, ApiKeyCache cache, [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time, CancellationToken cancellationToken) =>
        await JsonBody.HandleAsync(request, cancellationToken, async root =>
        {
            var errors = new FieldErrors();
            var draft = ReadDraft(root, errors);
            if (draft is null)
            {
                return errors.ToProblem("The key is not valid.");
            }

            var secret = ApiKeySecrets.NewSecret(draft.Public);
            var key = new ApiKey(ApiKeySecrets.NewId(), draft.Name, ApiKeySecrets.Sha256Hex(secret), draft.Scopes, draft.Public, draft.AllowedOrigins, time.GetUtcNow());
            if (!await Store(grains).CreateAsync(key))
            {
                throw new InvalidOperationException("A new key's random id or secret collided with a stored one.");
            }

            await cache.RefreshAsync(cancellationToken);
            await AuditTrail.RecordAsync(request.HttpContext, AuditActions.KeyCreated, $"keys/{key.Id}", null, null);
            return TypedResults.Created($"/v1/keys/{key.Id}", new CreatedApiKeyResponse(key.Id, secret, key.Name, key.Scopes, key.Public, key.AllowedOrigins, key.CreatedAt));
        });

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var snapshot = await Store(grains).GetSnapshotAsync();
        return TypedResults.Ok(new ApiKeyListResponse([.. snapshot.Keys.Select(ApiKeyResponse.From)]));
    }

    private static async Task<IResult> RevokeAsync(
        string keyId, HttpContext context, IGrainFactory grains, ApiKeyCache cache, [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time, CancellationToken cancellationToken)
    {
        if (await Store(grains).RevokeAsync(keyId, time.GetUtcNow()) is null)
        {
            return TypedResults.Problem(
                title: "No such key.",
                detail: keyId == ApiKeyCache.BootstrapKeyId
                    ? "The bootstrap key comes from configuration (Security:BootstrapKey); remove it there and restart."
                    : $"There is no key '{keyId}'.",
                statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["field"] = "keyId" });
        }

        await cache.RefreshAsync(cancellationToken);
        await AuditTrail.RecordAsync(context, AuditActions.KeyRevoked, $"keys/{keyId}", null, null);
        return TypedResults.NoContent();
    }

    private sealed record KeyDraft(string Name, ImmutableArray<string> Scopes, bool Public, ImmutableArray<string> AllowedOrigins);

    private static KeyDraft? ReadDraft(JsonElement root, FieldErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a key must be a JSON object with name and scopes");
            return null;
        }

        var name = root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString()! : null;
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            errors.Add("name", $"is required: 1-{MaxNameLength} characters saying who or what uses the key");
        }

        var isPublic = false;
        if (root.TryGetProperty("public", out var publicElement) && publicElement.ValueKind != JsonValueKind.Null)
        {
            if (publicElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                isPublic = publicElement.GetBoolean();
            }
            else
            {
                errors.Add("public", "must be true or false");
            }
        }

        var scopes = Strings(root, "scopes", ApiScopes.All.Length, int.MaxValue, errors);
        if (scopes is { Length: 0 })
        {
            errors.Add("scopes", $"needs at least one of: {string.Join(", ", ApiScopes.All)}");
        }

        foreach (var scope in scopes ?? [])
        {
            if (!ApiScopes.All.Contains(scope))
            {
                errors.Add("scopes", $"'{scope}' is not a scope; scopes are {string.Join(", ", ApiScopes.All)}");
            }
            else if (isPublic && !ApiScopes.Browser.Contains(scope))
            {
                errors.Add("scopes", $"a public key may only carry {string.Join(" and ", ApiScopes.Browser)}, not '{scope}': its secret is on every page");
            }
        }

        var origins = Strings(root, "allowedOrigins", MaxAllowedOrigins, MaxOriginLength, errors) ?? [];
        if (isPublic && origins.Length == 0)
        {
            errors.Add("allowedOrigins", "a public key needs the origins of the pages that use it, e.g. https://shop.example");
        }
        else if (!isPublic && origins.Length > 0)
        {
            errors.Add("allowedOrigins", "only a public key has allowed origins");
        }

        foreach (var origin in origins)
        {
            if (OriginError(origin) is { } error)
            {
                errors.Add("allowedOrigins", $"'{origin}' {error}");
            }
        }

        return errors.Any ? null : new KeyDraft(name!, [.. scopes!.Distinct()], isPublic, [.. origins.Distinct(StringComparer.OrdinalIgnoreCase)]);
    }

    private static string? OriginError(string origin) =>
        !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            ? "is not an origin: scheme, host and optional port, e.g. https://shop.example"
            : origin != uri.GetLeftPart(UriPartial.Authority)
                ? "must be scheme, host and optional port only (no path or trailing slash), e.g. https://shop.example"
                : null;

    private static string[]? Strings(JsonElement root, string field, int maxCount, int maxLength, FieldErrors errors)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            errors.Add(field, "must be an array of strings");
            return null;
        }

        var values = element.EnumerateArray().Select(e => e.GetString()!).ToArray();
        if (values.Length > maxCount || values.Any(v => v.Length > maxLength))
        {
            errors.Add(field, $"must hold at most {maxCount} strings of at most {maxLength} characters");
            return null;
        }

        return values;
    }
}
