using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>
/// Each of a tenant's namespaces gets a NetworkPolicy that names, by their immutable names, the tenant's
/// own namespaces and every tenant namespace of the fabric (docs/security-kubernetes.md): a tenant's file
/// names own x (own + fabric) namespaces. Past a bound that file is megabytes of YAML and the API server
/// holds it again for every namespace; the tenant is better split. Reported here, before anything renders.
/// </summary>
public static class NetworkPolicySizeCheck
{
    /// <summary>Names one tenant's policies may hold (a file of about 8 MB): 250 namespaces of its own among 750 tenant namespaces fit.</summary>
    public const long MaxNames = 250_000;

    public static void Check(InputSet input, DiagnosticSink sink)
    {
        long fabric = input.Tenants.Sum(t => (long)t.Namespaces.Count);
        foreach (var t in input.Tenants)
        {
            long own = t.Namespaces.Count;
            long names = own * (own + fabric);
            if (names > MaxNames)
                sink.Add(C.NetworkPolicyTooLarge(t.Doc.Value("/spec/namespaces"), t.Name, own, fabric, names, MaxNames));
        }
    }
}
