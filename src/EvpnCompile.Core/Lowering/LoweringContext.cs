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

    /// <summary>The tenants that import <paramref name="t"/> with its consent (they are in its export list), placed somewhere.</summary>
    public IEnumerable<ResolvedTenant> Importers(ResolvedTenant t) =>
        Fabric.Tenants.Where(x => x.Name != t.Name && x.Hosts.Count > 0 && x.Input.Import.Contains(t.Name) && t.Input.ExportsTo(x.Name));

    /// <summary>
    /// The tenants <paramref name="t"/> exchanges routes with. A consented leak (t imports x, x exports
    /// to t) works both ways: x must route the replies back to t. It stays between the two: each VRF
    /// advertises only its own prefixes, so a hub never passes one spoke's routes to another.
    /// </summary>
    public IReadOnlyList<ResolvedTenant> Partners(ResolvedTenant t) =>
        Imports(t).Concat(Importers(t)).DistinctBy(x => x.Name).OrderBy(x => x.Name, StringComparer.Ordinal).ToList();

    /// <summary>The subnets a tenant's VRF originates: its pod network and its L2 subnets.</summary>
    public static IReadOnlyList<Ipv4Prefix> OwnSubnets(ResolvedTenant t)
    {
        var subnets = new SortedSet<Ipv4Prefix>();
        if (t.Input.PodNetwork is { } pod) subnets.Add(pod.Cidr);
        foreach (var l2 in t.L2Networks) subnets.Add(l2.Input.Subnet);
        return subnets.ToList();
    }

    /// <summary>Every subnet a pod of <paramref name="t"/> may reach through its gateway: its own and its partners'.</summary>
    public IReadOnlyList<string> ReachableSubnets(ResolvedTenant t) =>
        Partners(t).Prepend(t).SelectMany(OwnSubnets).Distinct().Order().Select(s => s.ToString()).ToList();
}
