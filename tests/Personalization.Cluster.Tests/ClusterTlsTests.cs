using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Personalization.Client;
using Personalization.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Personalization.Cluster.Tests;

/// <summary>
/// TLS on the cluster's links with a self-signed certificate the test makes: two silos talk to each other over it, a
/// client with the certificate reaches a gateway, and a client without TLS cannot join.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsTests(ClusterServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_silos_and_a_client_with_the_certificate_work_over_TLS_and_a_client_without_TLS_cannot_join()
    {
        var certificateDirectory = Directory.CreateTempSubdirectory("personalization-tls-");
        try
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var certificatePath = Path.Combine(certificateDirectory.FullName, "cluster.pfx");
            await File.WriteAllBytesAsync(certificatePath, SelfSignedCertificate().Export(X509ContentType.Pfx, password));
            await using var cluster = new TestCluster(output);
            var hosts = await cluster.StartAsync(servers, ["tls-a", "tls-b"],
                $"Orleans:Tls:CertificatePath={certificatePath}", $"Orleans:Tls:CertificatePassword={password}");
            await cluster.ExplainingFailureAsync(async () =>
            {
                // Customers are spread over both silos, so reading on b what was written on a crosses the silo link.
                var customers = Enumerable.Range(0, 20).Select(i => $"tls-customer-{i}").ToList();
                foreach (var customer in customers)
                {
                    (await hosts[0].Http.PostAsJsonAsync("/v1/events", new { customerId = customer, type = "add_to_cart" })).EnsureSuccessStatusCode();
                }

                foreach (var customer in customers)
                {
                    var segments = await hosts[1].Http.GetFromJsonAsync<JsonElement>($"/v1/customers/{customer}/segments");
                    Assert.Contains("cart-abandoner", segments.GetProperty("segments").EnumerateArray().Select(s => s.GetString()));
                }

                using (var withTls = await StartClientAsync(hosts[0], certificatePath, password))
                {
                    var tracked = await withTls.Services.GetRequiredService<IPersonalization>().TrackAsync("tls-sdk", new CustomerEvent("add_to_cart"));
                    Assert.Contains("cart-abandoner", tracked.Segments);
                }

                var refused = await Record.ExceptionAsync(async () =>
                {
                    using var withoutTls = await StartClientAsync(hosts[0], certificatePath: null, password: null);
                    await withoutTls.Services.GetRequiredService<IPersonalization>().GetSegmentsAsync("tls-sdk");
                });
                Assert.NotNull(refused);
                output.WriteLine($"client without TLS: {refused.GetType().Name}: {refused.Message}");
            });
        }
        finally
        {
            certificateDirectory.Delete(recursive: true);
        }
    }

    /// <summary>A self-signed certificate for server and client authentication, valid for a day.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=personalization-cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static async Task<IHost> StartClientAsync(ClusterHost gateway, string? certificatePath, string? password)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPersonalizationClient(options =>
        {
            options.GatewayPort = gateway.GatewayPort;
            options.ClusterId = gateway.ClusterId;
            options.ConnectTimeout = TimeSpan.FromSeconds(10);
            options.TlsCertificatePath = certificatePath;
            options.TlsCertificatePassword = password;
        });
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }
}
