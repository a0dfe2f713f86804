using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Lowering;

/// <summary>Lookups every lowering step shares, computed once.</summary>
internal sealed class LoweringContext
{
    public InputSet Input { get; }
    public ResolvedFabric Fabric { get; }
    public FabricInput Settings => Fabric.Fabric;
    public IReadOnlyDictionary<string, ResolvedTenant> Tenants { get; }

    /// <summary>Tenants on each host, by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ResolvedTenant>> TenantsOnHost { get; }

    /// <summary>Fabric ports of each node, by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Ports { get; }

    public LoweringContext(InputSet input, ResolvedFabric fabric)
    {
        Input = input;
        Fabric = fabric;
        Tenants = fabric.Tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var onHost = fabric.Nodes.ToDictionary(n => n.Name, _ => new List<ResolvedTenant>(), StringComparer.Ordinal);
        foreach (var t in fabric.Tenants) // already sorted by name
            foreach (var h in t.Hosts) onHost[h].Add(t);
        TenantsOnHost = onHost.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<ResolvedTenant>)kv.Value, StringComparer.Ordinal);
        var ports = fabric.Nodes.ToDictionary(n => n.Name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var link in fabric.Fabric.Links)
            foreach (var end in new[] { link.A, link.B })
                if (ports.TryGetValue(end.Node, out var list)) list.Add(end.Port);
        Ports = ports.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    public string RouteTarget(long vni) => EvpnNames.RouteTarget(Settings.RouteTargetAsn, vni);

    /// <summary>
    /// The tenants whose routes <paramref name="t"/> receives, by name (consent was checked). A tenant
    /// that lands on no host exports nothing, so importing its route target would only dangle.
    /// </summary>
    public IEnumerable<ResolvedTenant> Imports(ResolvedTenant t) =>
        t.Input.Import.Order(StringComparer.Ordinal).Select(n => Tenants.GetValueOrDefault(n)).OfType<ResolvedTenant>().Where(x => x.Hosts.Count > 0);

    /// <summary>Every subnet a pod of <paramref name="t"/> may reach through its gateway: its own and the imported tenants'.</summary>
    public IReadOnlyList<string> ReachableSubnets(ResolvedTenant t)
    {
        var subnets = new SortedSet<Ipv4Prefix>();
        foreach (var x in Imports(t).Prepend(t))
        {
            if (x.Input.PodNetwork is { } pod) subnets.Add(pod.Cidr);
            foreach (var l2 in x.L2Networks) subnets.Add(l2.Input.Subnet);
        }
        return subnets.Select(s => s.ToString()).ToList();
    }
}
