using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Personalization.Security;

namespace Personalization.Host.Security;

/// <summary>
/// This silo's copy of the cluster's active API keys, by secret hash, so a request's key check is a dictionary hit.
/// It polls the key store every <see cref="SecurityOptions.KeyRefreshInterval"/> (one small call when nothing
/// changed), so a key revoked on any silo stops working on this one within that interval.
/// </summary>
public sealed class ApiKeyCache(
    IGrainFactory grains,
    SecurityMode mode,
    IOptions<SecurityOptions> options,
    ILogger<ApiKeyCache> logger) : BackgroundService
{
    public const string BootstrapKeyId = "bootstrap";
    public const string OpenKeyId = AuditKeys.OpenKeyId;
    public const string ScopeClaim = "scope";
    public const string KeyIdClaim = AuditKeys.KeyIdClaim;
    public const string PublicClaim = "public_key";

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile Entries entries = new(-1, FrozenDictionary<KeyHash, AcceptedKey>.Empty, FrozenSet<string>.Empty);

    /// <summary>The authentication of an open (loopback) host's callers, who need no key: every scope.</summary>
    public Task<AuthenticateResult> OpenResult { get; } = Authenticated(OpenKeyId, "open host (loopback)", ApiScopes.All, isPublic: false);

    public long Version => entries.Version;

    public bool TryFind(ReadOnlySpan<char> secret, out AcceptedKey key) =>
        entries.ByHash.TryGetValue(ApiKeySecrets.Hash(secret), out key!);

    /// <summary>True when some active public key lists the origin: CORS preflights are answered for it.</summary>
    public bool IsBrowserOrigin(string origin) => entries.BrowserOrigins.Contains(origin);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        var active = entries.ByHash.Count;
        if (mode.IsProtected && active == 0)
        {
            throw new InvalidOperationException(
                $"API keys are required because {mode.Reason}, and there is none. Give the host an admin key for its first start: " +
                "set the environment variable Security__BootstrapKey to a random secret (e.g. `openssl rand -base64 32`), or its SHA-256 as " +
                "Security__BootstrapKeySha256, then create keys with `personalization keys create --name <name> --scope <scope>`. " +
                "To run without keys, listen on 127.0.0.1 only (or set Security:RequireApiKeys=false on a network you trust).");
        }

        logger.LogInformation(mode.IsProtected
            ? "API keys are required ({Reason}); {Count} active keys"
            : "Open: no API key is required ({Reason}); listen on another address or set Security:RequireApiKeys=true to require keys. {Count} active keys",
            mode.Reason, active);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keys stay as they were; the next tick tries again.
                logger.LogWarning(e, "Could not refresh API keys from the key store");
            }
        }
    }

    /// <summary>Reloads the keys if the store's version moved; the key endpoints call it so their own silo is current at once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await grains.GetGrain<IApiKeyStoreGrain>(0).GetSnapshotIfChangedAsync(entries.Version);
            if (snapshot is not null)
            {
                entries = Build(snapshot);
            }
        }
        finally
        {
            refreshing.Release();
        }
    }

    private Entries Build(ApiKeySnapshot snapshot)
    {
        var accepted = snapshot.Keys.Where(k => k.RevokedAt is null)
            .Select(k => new AcceptedKey(k, Authenticated(k.Id, k.Name, k.Scopes, k.Public), k.AllowedOrigins.ToFrozenSet(StringComparer.OrdinalIgnoreCase)))
            .ToList();
        if (options.Value.BootstrapSecretSha256() is { } bootstrapHash)
        {
            var bootstrap = new ApiKey(BootstrapKeyId, "bootstrap admin key (configuration)", bootstrapHash, ApiScopes.All, false, [], DateTimeOffset.MinValue);
            accepted.Add(new AcceptedKey(bootstrap, Authenticated(bootstrap.Id, bootstrap.Name, bootstrap.Scopes, isPublic: false), FrozenSet<string>.Empty));
        }

        return new Entries(
            snapshot.Version,
            accepted.DistinctBy(a => a.Key.SecretSha256).ToFrozenDictionary(a => KeyHash.FromHex(a.Key.SecretSha256)),
            accepted.Where(a => a.Key.Public).SelectMany(a => a.AllowedOrigins).ToFrozenSet(StringComparer.OrdinalIgnoreCase));
    }

    private static Task<AuthenticateResult> Authenticated(string keyId, string name, IEnumerable<string> scopes, bool isPublic)
    {
        var granted = scopes.ToFrozenSet();
        var claims = granted.Select(scope => new Claim(ScopeClaim, scope))
            .Append(new Claim(KeyIdClaim, keyId))
            .Append(new Claim(ClaimTypes.Name, name))
            .Append(new Claim(PublicClaim, isPublic ? "true" : "false"));
        var principal = new ApiKeyPrincipal(keyId, granted, isPublic, new ClaimsIdentity(claims, ApiKeyAuthenticationHandler.SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyAuthenticationHandler.SchemeName)));
    }

    public override void Dispose()
    {
        refreshing.Dispose();
        base.Dispose();
    }

    private sealed record Entries(long Version, FrozenDictionary<KeyHash, AcceptedKey> ByHash, FrozenSet<string> BrowserOrigins);
}
