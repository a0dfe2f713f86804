using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The fabric edge: a leaf's sessions to hosts. A Kubernetes node is the least trusted router of the
/// fabric, so a leaf peers with each host's own ASN and takes from it only what the model gives that
/// host: in ipv4 unicast its loopback; in l2vpn evpn routes carrying the route targets of the tenants
/// placed on it (type-5 with their L3VNI targets, type-2 and type-3 with their L2 networks'
/// targets), and never a route that also carries another tenant's target. So a compromised host
/// cannot announce another VTEP's loopback, a default route into the underlay, or routes into a
/// tenant it does not host; the rest of the fabric never sees them.
/// Two limits of FRR 8.4, measured in the lab: `match ip address prefix-list` never matches an EVPN
/// route (FRR issue 10559), so the leaf cannot hold type-5 prefixes to the tenants' ranges (every
/// host's VRFs do, before the kernel: FrrVrf.FibRouteMap); and l2vpn evpn has no `maximum-prefix`
/// (FRR issue 15720), so only ipv4 unicast has one.
/// </summary>
internal static class FabricEdge
{
    public const string PeerGroup = "hosts";

    public sealed record Edge(
        IReadOnlyList<string> FabricPorts, IReadOnlyList<BgpHostPeer> HostPeers, IReadOnlyList<FrrPrefixList> PrefixLists,
        IReadOnlyList<FrrExtCommunityList> ExtCommunityLists, IReadOnlyList<FrrRouteMap> RouteMaps);

    public static Edge Lower(LoweringContext c, NodeInput leaf)
    {
        var hostOfPort = new SortedDictionary<string, NodeInput>(StringComparer.Ordinal);
        foreach (var link in c.Settings.Links)
            foreach (var (me, other) in new[] { (link.A, link.B), (link.B, link.A) })
                if (me.Node == leaf.Name && c.Input.Node(other.Node) is { IsHost: true } h) hostOfPort[me.Port] = h;

        var peers = hostOfPort.Select(kv => new BgpHostPeer(kv.Key, kv.Value.Name, kv.Value.Asn,
            EvpnNames.EdgeIpv4In(kv.Value.Name), UnderlayPrefixes, EvpnNames.EdgeEvpnIn(kv.Value.Name))).ToList();
        var hosts = hostOfPort.Values.DistinctBy(h => h.Name).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var fabricRts = AllRouteTargets(c);
        var prefixLists = new List<FrrPrefixList>();
        var extLists = new List<FrrExtCommunityList>();
        var routeMaps = new List<FrrRouteMap>();
        foreach (var h in hosts)
        {
            var tenants = c.TenantsOnHost[h.Name];
            prefixLists.Add(new FrrPrefixList(EvpnNames.EdgeLoopback(h.Name), [new FrrPrefixEntry(10, "permit", $"{h.Loopback}/32", Le: null)]));
            routeMaps.Add(new FrrRouteMap(EvpnNames.EdgeIpv4In(h.Name), [new FrrRouteMapEntry(10, "permit", EvpnNames.EdgeLoopback(h.Name))]));

            var l3 = tenants.OrderBy(t => t.L3Vni).Select(t => c.RouteTarget(t.L3Vni)).ToList();
            var l2 = tenants.SelectMany(t => t.L2Networks).OrderBy(l => l.Vni).Select(l => c.RouteTarget(l.Vni)).ToList();
            var allowed = l3.Concat(l2).ToHashSet(StringComparer.Ordinal);
            var foreign = fabricRts.Where(rt => !allowed.Contains(rt.Text)).Select(rt => rt.Text).ToList();

            var entries = new List<FrrRouteMapEntry>();
            if (foreign.Count > 0)
            {
                extLists.Add(new FrrExtCommunityList(EvpnNames.EdgeForeignRouteTargets(h.Name), foreign));
                entries.Add(new FrrRouteMapEntry(10, "deny", null, ExtCommunityList: EvpnNames.EdgeForeignRouteTargets(h.Name)));
            }
            if (l3.Count > 0)
            {
                extLists.Add(new FrrExtCommunityList(EvpnNames.EdgeRouteTargets(h.Name), l3));
                entries.Add(new FrrRouteMapEntry(20, "permit", null, EvpnRouteType: "prefix", ExtCommunityList: EvpnNames.EdgeRouteTargets(h.Name)));
            }
            if (l2.Count > 0)
            {
                // Type-2 (MAC/IP) and type-3 routes belong to L2 networks and carry their L2VNI's target.
                extLists.Add(new FrrExtCommunityList(EvpnNames.EdgeL2RouteTargets(h.Name), l2));
                entries.Add(new FrrRouteMapEntry(30, "permit", null, EvpnRouteType: "macip", ExtCommunityList: EvpnNames.EdgeL2RouteTargets(h.Name)));
                entries.Add(new FrrRouteMapEntry(40, "permit", null, EvpnRouteType: "multicast", ExtCommunityList: EvpnNames.EdgeL2RouteTargets(h.Name)));
            }
            // A host with nothing to announce: say so, rather than leave an empty (undefined) route-map.
            if (entries.Count == 0) entries.Add(new FrrRouteMapEntry(10, "deny", null));
            routeMaps.Add(new FrrRouteMap(EvpnNames.EdgeEvpnIn(h.Name), entries));
        }
        var hostPorts = hostOfPort.Keys.ToHashSet(StringComparer.Ordinal);
        return new Edge(c.Ports[leaf.Name].Where(p => !hostPorts.Contains(p)).ToList(), peers,
            prefixLists.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(),
            extLists.OrderBy(l => l.Name, StringComparer.Ordinal).ToList(), routeMaps);
    }

    /// <summary>Prefixes a host announces in ipv4 unicast: its loopback.</summary>
    private const int UnderlayPrefixes = 1;

    /// <summary>Every route target of the fabric (L3VNIs and L2VNIs), by VNI.</summary>
    private static IReadOnlyList<(long Vni, string Text)> AllRouteTargets(LoweringContext c) =>
        c.Fabric.Tenants.Select(t => t.L3Vni).Concat(c.Fabric.Tenants.SelectMany(t => t.L2Networks).Select(l => l.Vni))
            .Distinct().Order().Select(v => (v, c.RouteTarget(v))).ToList();
}
