using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Naming;
using EvpnCompile.Core.Text;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>
/// What must be unique before anything is allocated: loopbacks, host ASNs, namespaces, L2 network
/// names within a tenant, and tenant names that would clash with devices the kernel or FRR own.
/// Values that allocation can fill in (VNIs, tables, MACs) are checked in Allocation/ResolvedChecks.cs (after allocation).
/// </summary>
public static class UniquenessChecks
{
    /// <summary>VRF names that already mean something: FRR's default VRF, the loopback, the management VRF.</summary>
    public static readonly IReadOnlySet<string> ReservedTenantNames = new HashSet<string>(StringComparer.Ordinal) { "default", "lo", "mgmt" };

    public static void Check(InputSet input, DiagnosticSink sink)
    {
        ReportDuplicates(input.Nodes, n => n.Loopback.ToString(), n => n.Doc.Value("/spec/loopback"),
            (n, at, o, oat) => C.DuplicateLoopback(at, n.Loopback.ToString(), n.Name, o.Name, oat), sink);

        foreach (var group in input.Nodes.GroupBy(n => n.Asn).Where(g => g.Count() > 1 && g.Any(n => n.IsHost)))
        {
            var members = group.ToList();
            foreach (var n in members)
            {
                // Leaves may share an ASN with each other; what breaks is a host sharing with anyone.
                var other = members.FirstOrDefault(o => o != n && (n.IsHost || o.IsHost));
                if (other is not null)
                    sink.Add(C.DuplicateAsn(n.Doc.Value("/spec/asn"), n.Name, n.Asn, other.Name, other.Doc.Value("/spec/asn")));
            }
        }

        var namespaces = input.Tenants.SelectMany(t => t.Namespaces.Select((ns, i) => (Tenant: t, Ns: ns, Pointer: $"/spec/namespaces/{i}")));
        ReportDuplicates(namespaces.ToList(), x => x.Ns, x => x.Tenant.Doc.Value(x.Pointer),
            (x, at, o, oat) => C.DuplicateNamespace(at, x.Ns, x.Tenant.Name, o.Tenant.Name, oat), sink);

        // A NetworkAttachmentDefinition name picks a node-wide CNI file, whatever the namespace:
        // tenant "red-vms" and tenant red's L2 network "vms" would share red-vms.conf.
        var networks = input.Tenants.SelectMany(t =>
            (t.PodNetwork is null ? [] : new[] { (Name: EvpnNames.PodNetworkName(t.Name), What: $"tenant '{t.Name}' (its pods)", At: t.Doc.Name) })
            .Concat(t.L2Networks.Select(l => (Name: EvpnNames.L2NetworkName(t.Name, l.Name), What: $"L2 network '{l.Name}' of tenant '{t.Name}'", At: t.Doc.Value($"{l.Pointer}/name")))))
            .DistinctBy(n => n.What) // one tenant naming two L2 networks alike is EVPN047's finding
            .ToList();
        ReportDuplicates(networks, n => n.Name, n => n.At, (n, at, o, oat) => C.NetworkNameClash(at, n.Name, n.What, o.What, oat), sink);

        foreach (var t in input.Tenants)
        {
            for (int i = 0; i < t.Namespaces.Count; i++)
                if (t.Namespaces[i] == "default" || t.Namespaces[i].StartsWith("kube-", StringComparison.Ordinal))
                    sink.Add(C.ReservedNamespace(t.Doc.Value($"/spec/namespaces/{i}"), t.Name, t.Namespaces[i]));
            if (ReservedTenantNames.Contains(t.Name)) sink.Add(C.ReservedTenantName(t.Doc.Name, t.Name));
            ReportDuplicates(t.L2Networks, l => l.Name, l => t.Doc.Value($"{l.Pointer}/name"),
                (l, at, _, oat) => C.DuplicateL2Name(at, t.Name, l.Name, oat), sink);
        }
    }

    /// <summary>Reports every item whose key an earlier item already has, at both places.</summary>
    internal static void ReportDuplicates<T>(IReadOnlyList<T> items, Func<T, string> key, Func<T, SourceSpan> where,
        Func<T, SourceSpan, T, SourceSpan, Diagnostic> make, DiagnosticSink sink)
    {
        var first = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (first.TryGetValue(key(item), out var other))
            {
                sink.Add(make(item, where(item), other, where(other)));
                sink.Add(make(other, where(other), item, where(item)));
            }
            else first[key(item)] = item;
        }
    }
}
