using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Personalization.Security;

/// <summary>
/// The certificate silos and clients present to each other when cluster links use TLS (mutual TLS), and which remote
/// certificates they accept: one the platform trusts (its chain is valid), or the very certificate this side uses, so
/// a cluster can share one self-signed certificate without installing it as a trusted root.
/// </summary>
public static class ClusterCertificates
{
    /// <summary>Loads a PKCS#12 (.pfx) file with its private key.</summary>
    public static X509Certificate2 Load(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password);

    public static bool IsTrusted(X509Certificate2 local, X509Certificate2 remote, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None
        || ((errors & ~(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch)) == 0
            && remote.RawDataMemory.Span.SequenceEqual(local.RawDataMemory.Span));
}
