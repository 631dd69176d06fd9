using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Security;

namespace Personalization.Host.Tests.Security;

/// <summary>
/// Every endpoint the app maps, from its own EndpointDataSource: with no key 401, with a key lacking the endpoint's
/// scope 403, with a key holding only that scope neither. An endpoint mapped without a scope policy fails unless it
/// is one of <see cref="Anonymous"/>, chosen on purpose.
/// </summary>
public sealed partial class AuthorizationMatrixTests(SecuredHostFactory host) : IClassFixture<SecuredHostFactory>
{
    /// <summary>
    /// Open to anyone: probes for orchestrators, the API description, the Prometheus scrape (keep the host's port off
    /// the internet or scrape through a proxy) and the baselines, which are off unless a load test switches them on.
    /// </summary>
    private static readonly HashSet<string> Anonymous =
    [
        "GET /health/live",
        "GET /health/ready",
        "GET /openapi/{documentName}.json",
        "GET /docs/{documentName?}",
        "GET /docs/scalar.js",
        "GET /docs/scalar.aspnetcore.js",
        "GET /docs/favicon.svg",
        "GET /metrics",
        "GET /baseline/noop",
        "POST /baseline/noop",
        "GET /baseline/grain/{id}",
    ];

    [Fact]
    public async Task Every_endpoint_answers_401_without_a_key_403_without_its_scope_and_serves_a_key_with_it()
    {
        var endpoints = Endpoints();
        var unprotected = endpoints.Where(e => e.Scope is null).Select(e => e.Name).ToHashSet();
        Assert.True(unprotected.SetEquals(Anonymous),
            $"Endpoints without a scope policy that are not listed as anonymous: {string.Join(", ", unprotected.Except(Anonymous))}; listed but gone or protected: {string.Join(", ", Anonymous.Except(unprotected))}");

        var keys = new Dictionary<string, string>();
        foreach (var scope in ApiScopes.All)
        {
            keys[scope] = (await host.CreateKeyAsync($"matrix {scope}", [scope]))["key"]!.GetValue<string>();
        }

        using var anonymous = host.ClientWith(null);
        var failures = new List<string>();
        foreach (var endpoint in endpoints.Where(e => e.Scope is not null))
        {
            var scope = endpoint.Scope!;
            var otherScope = ApiScopes.All[(ApiScopes.All.IndexOf(scope) + 1) % ApiScopes.All.Length];
            using var without = host.ClientWith(keys[otherScope]);
            using var with = host.ClientWith(keys[scope]);

            Expect(await SendAsync(anonymous, endpoint), code => code == HttpStatusCode.Unauthorized, "no key: 401");
            Expect(await SendAsync(without, endpoint), code => code == HttpStatusCode.Forbidden, $"key with {otherScope} only: 403");
            Expect(await SendAsync(with, endpoint), code => code is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)code < 500, $"key with {scope}: served");

            void Expect(HttpStatusCode code, Func<HttpStatusCode, bool> ok, string expected)
            {
                if (!ok(code))
                {
                    failures.Add($"{endpoint.Name} ({scope}): {(int)code}, expected {expected}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Refusals_are_problem_documents_naming_what_is_missing()
    {
        var catalogReader = (await host.CreateKeyAsync("reader", [ApiScopes.CatalogRead]))["key"]!.GetValue<string>();
        using var anonymous = host.ClientWith(null);
        using var reader = host.ClientWith(catalogReader);
        using var unknown = host.ClientWith("pz_sk_" + new string('A', 43));

        var (noKey, noKeyProblem) = await anonymous.SendJsonAsync(HttpMethod.Delete, "/v1/segments/vip");
        var (badKey, badKeyProblem) = await unknown.SendJsonAsync(HttpMethod.Get, "/v1/segments");
        var (noScope, noScopeProblem) = await reader.SendJsonAsync(HttpMethod.Delete, "/v1/segments/vip");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Bearer", noKey.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authorization: Bearer", noKeyProblem!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);
        Assert.Contains("not known or has been revoked", badKeyProblem!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Equal("application/problem+json", noScope.Content.Headers.ContentType!.MediaType);
        Assert.Contains("catalog:write", noScopeProblem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_key_is_also_read_from_the_x_api_key_header()
    {
        var reader = (await host.CreateKeyAsync("header reader", [ApiScopes.CatalogRead]))["key"]!.GetValue<string>();
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", reader);

        var response = await client.GetAsync("/v1/segments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed record MappedEndpoint(string Method, string Pattern, string? Scope)
    {
        public string Name => $"{Method} {Pattern}";
    }

    private List<MappedEndpoint> Endpoints()
    {
        var source = host.Services.GetRequiredService<EndpointDataSource>();
        var endpoints = new List<MappedEndpoint>();
        // The console's endpoints send a browser to its sign-in page rather than answering 401; ConsoleAccessTests
        // (Console.Tests) checks that each is authorized by the console's scheme.
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>().Where(e => e.Metadata.GetMetadata<Personalization.Console.Security.ConsoleEndpoint>() is null))
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Distinct().ToList();
            Assert.True(policies.Count <= 1, $"{endpoint.RoutePattern.RawText} has several policies: {string.Join(", ", policies)}");
            var scope = policies.SingleOrDefault();
            Assert.True(scope is null || ApiScopes.All.Contains(scope), $"{endpoint.RoutePattern.RawText} requires '{scope}', which is no scope");
            var pattern = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                endpoints.Add(new MappedEndpoint(method, pattern, scope));
            }
        }

        Assert.Contains(endpoints, e => e.Name == "POST /v1/events");
        return endpoints;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, MappedEndpoint endpoint)
    {
        var url = RouteParameter().Replace(endpoint.Pattern, match => "matrix-" + match.Groups["name"].Value.ToLowerInvariant());
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        // The live stream never ends by itself: its status is all this needs.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
