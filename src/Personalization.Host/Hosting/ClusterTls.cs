using Orleans.Connections.Security;
using Personalization.Security;

namespace Personalization.Host.Hosting;

/// <summary>
/// TLS on the silo's links to other silos and to clients, when <c>Orleans:Tls:CertificatePath</c> names a PKCS#12 file
/// (<c>Orleans:Tls:CertificatePassword</c> its password). Both ends present a certificate (mutual TLS) and accept
/// what <see cref="ClusterCertificates.IsTrusted"/> accepts; a silo or client without TLS cannot connect.
/// </summary>
internal static class ClusterTls
{
    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        var tls = configuration.GetSection("Orleans:Tls");
        if (tls["CertificatePath"] is not { Length: > 0 } path)
        {
            return;
        }

        var certificate = ClusterCertificates.Load(path, tls["CertificatePassword"]);
        silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = (remote, _, errors) => ClusterCertificates.IsTrusted(certificate, remote, errors);
        });
    }
}
