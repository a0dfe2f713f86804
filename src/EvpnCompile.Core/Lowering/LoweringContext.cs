using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Naming;
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

    /// <summary>
    /// Every tenant VRF each node carries, by tenant name: the tenants placed there, and transit VRFs.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HostVrf>> VrfsOnNode { get; }

    /// <summary>On each border, the tenants that leave the fabric there (by name), with their sessions on it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(ResolvedTenant Tenant, IReadOnlyList<ResolvedTransfer> Transfers)>> ExitsOnBorder { get; }

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
        partners = fabric.Tenants.ToDictionary(t => t.Name, t =>
            Imports(t).Concat(Importers(t)).DistinctBy(x => x.Name).OrderBy(x => x.Name, StringComparer.Ordinal).ToList() as IReadOnlyList<ResolvedTenant>,
            StringComparer.Ordinal);
        VrfsOnNode = BuildVrfsOnNode();
        ExitsOnBorder = fabric.Nodes.ToDictionary(n => n.Name,
            n => (IReadOnlyList<(ResolvedTenant, IReadOnlyList<ResolvedTransfer>)>)fabric.Tenants
                .Select(t => (t, (IReadOnlyList<ResolvedTransfer>)t.Transfers.Where(x => x.Border == n.Name).ToList()))
                .Where(x => x.Item2.Count > 0).ToList(),
            StringComparer.Ordinal);
        var ports = fabric.Nodes.ToDictionary(n => n.Name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var link in fabric.Fabric.Links)
            foreach (var end in new[] { link.A, link.B })
                if (ports.TryGetValue(end.Node, out var list)) list.Add(end.Port);
        Ports = ports.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    public string RouteTarget(long vni) => EvpnNames.RouteTarget(Settings.RouteTargetAsn, vni);

    /// <summary>
    /// The tenants whose routes <paramref name="t"/> receives, by name (consent was checked). A tenant
    /// that lands on no host exports nothing, so importing its route target would only dangle; and one
    /// that lands nowhere receives nothing (so this and <see cref="Importers"/> always agree).
    /// </summary>
    public IEnumerable<ResolvedTenant> Imports(ResolvedTenant t) =>
        t.Input.Import.Order(StringComparer.Ordinal).Select(n => Tenants.GetValueOrDefault(n)).OfType<ResolvedTenant>()
            .Where(x => x.Hosts.Count > 0 && t.Hosts.Count > 0 && LeakConsent.Consented(t.Input, x.Input));

    /// <summary>The tenants that import <paramref name="t"/> with its consent (they are in its export list), placed somewhere.</summary>
    public IEnumerable<ResolvedTenant> Importers(ResolvedTenant t) =>
        Fabric.Tenants.Where(x => x.Hosts.Count > 0 && LeakConsent.Consented(x.Input, t.Input));

    /// <summary>
    /// The tenants <paramref name="t"/> exchanges routes with. A consented leak (t imports x, x exports
    /// to t) works both ways: x must route the replies back to t. It stays between the two: each VRF
    /// advertises only its own prefixes, so a hub never passes one spoke's routes to another.
    /// </summary>
    public IReadOnlyList<ResolvedTenant> Partners(ResolvedTenant t) => partners[t.Name];

    private readonly Dictionary<string, IReadOnlyList<ResolvedTenant>> partners;

    /// <summary>
    /// The VRFs a node carries. A VRF that takes a partner's routes sends its traffic to them in its
    /// own L3VNI (symmetric IRB: the importing VRF's VNI, not the originator's), so every VTEP where a
    /// partner originates routes must carry the importing VRF too, or it drops that traffic. Where the
    /// importing tenant has no pods of its own, that VRF is a transit VRF: its L3VNI and an `import
    /// vrf` of the partner, and nothing else (no pod bridge, no L2 networks, no CNI file).
    /// </summary>
    private Dictionary<string, IReadOnlyList<HostVrf>> BuildVrfsOnNode()
    {
        var vrfs = Fabric.Nodes.ToDictionary(n => n.Name, n => TenantsOnHost[n.Name].Select(t => new HostVrf(t, Transit: false)).ToList(), StringComparer.Ordinal);
        foreach (var t in Fabric.Tenants)
        {
            var own = t.Hosts.ToHashSet(StringComparer.Ordinal);
            var transit = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var p in partners[t.Name]) transit.UnionWith(p.Hosts.Where(h => !own.Contains(h)));
            foreach (var node in transit) vrfs[node].Add(new HostVrf(t, Transit: true));
        }
        return vrfs.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyList<HostVrf>)kv.Value.OrderBy(v => v.Tenant.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    /// <summary>The subnets a tenant's VRF originates: its pod network and its L2 subnets.</summary>
    public static IReadOnlyList<Ipv4Prefix> OwnSubnets(ResolvedTenant t)
    {
        var subnets = new SortedSet<Ipv4Prefix>();
        if (t.Input.PodNetwork is { } pod) subnets.Add(pod.Cidr);
        foreach (var l2 in t.L2Networks) subnets.Add(l2.Input.Subnet);
        return subnets.ToList();
    }

    /// <summary>Every tenant subnet and transfer network of the fabric: what is never "outside".</summary>
    public IReadOnlyList<Ipv4Prefix> FabricSpace() =>
        Fabric.Tenants.SelectMany(OwnSubnets).Concat(Fabric.Tenants.Where(t => t.Input.External is not null).Select(t => t.Input.External!.Transfer))
            .Distinct().Order().ToList();

    /// <summary>Every subnet a pod of <paramref name="t"/> may reach through its gateway: its own and its partners'.</summary>
    public IReadOnlyList<string> ReachableSubnets(ResolvedTenant t) => PerTenant("reachable", t, () =>
        Partners(t).Prepend(t).SelectMany(OwnSubnets).Distinct().Order().Select(s => s.ToString()).ToList());

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string What, string Tenant), object> perTenant = new();

    /// <summary>
    /// A part of the model that is the same on every node a tenant is on (its prefix lists, route maps,
    /// route targets), made once and shared: model records are immutable, and a fabric of a thousand hosts
    /// would otherwise hold a thousand equal copies. Safe from the parallel lowering of nodes.
    /// </summary>
    public T PerTenant<T>(string what, ResolvedTenant t, Func<T> make) where T : class =>
        (T)perTenant.GetOrAdd((what, t.Name), _ => make());

    /// <summary>The IPv6 subnets a dual-stack tenant's VRF originates: its IPv6 pod space and its L2 networks' IPv6 subnets.</summary>
    public static IReadOnlyList<Ipv6Prefix> OwnSubnets6(ResolvedTenant t)
    {
        var subnets = new SortedSet<Ipv6Prefix>();
        if (t.Input.PodNetwork?.Net6 is { } pod) subnets.Add(pod);
        foreach (var l2 in t.L2Networks) if (l2.Subnet6 is { } s) subnets.Add(s);
        return subnets.ToList();
    }

    /// <summary>Every IPv6 subnet a pod of <paramref name="t"/> may reach: its own and its partners' (empty: none has IPv6).</summary>
    public IReadOnlyList<string> ReachableSubnets6(ResolvedTenant t) => PerTenant("reachable6", t, () =>
        Partners(t).Prepend(t).SelectMany(OwnSubnets6).Distinct().Order().Select(s => s.ToString()).ToList());

    /// <summary>
    /// Whether any tenant has IPv6. Then every VRF of the fabric also filters IPv6 routes into its kernel
    /// table (a VRF with no IPv6 range installs none), which IPv4-only fabrics leave out so their bytes stay.
    /// </summary>
    public bool DualStack => dualStack ??= Fabric.Tenants.Any(t => t.DualStack);

    private bool? dualStack;
}

/// <summary>A tenant VRF on a node; <paramref name="Transit"/> when the tenant has no pods there.</summary>
internal sealed record HostVrf(ResolvedTenant Tenant, bool Transit);
