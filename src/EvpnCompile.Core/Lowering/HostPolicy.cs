using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// A host is never transit. Each host peers with two leaves by eBGP, so without an outbound policy
/// it would pass what it learned from one leaf to the other (EVPN routes of other hosts, other
/// racks' loopbacks), and racks could meet through a Kubernetes node. The fabric peer group's
/// outbound route-maps send only what the host originated itself (the empty AS path): in ipv4
/// unicast its own loopback, in l2vpn evpn its own tenants' type-5, type-2 and type-3 routes
/// (a VRF advertises only its own prefixes already: the `-own` route-maps).
/// </summary>
internal static class HostPolicy
{
    public sealed record Policy(IReadOnlyList<FrrPrefixList> PrefixLists, IReadOnlyList<FrrAsPathList> AsPathLists, IReadOnlyList<FrrRouteMap> RouteMaps);

    public static Policy Lower(NodeInput host) => new(
        [new FrrPrefixList(EvpnNames.OwnLoopback, [new FrrPrefixEntry(10, "permit", $"{host.Loopback}/32", Le: null)])],
        [new FrrAsPathList(EvpnNames.Originated, [new FrrAsPathEntry(10, "permit", "^$")])],
        [
            new FrrRouteMap(EvpnNames.FabricOutIpv4, [new FrrRouteMapEntry(10, "permit", EvpnNames.OwnLoopback, AsPathList: EvpnNames.Originated)]),
            new FrrRouteMap(EvpnNames.FabricOutEvpn, [new FrrRouteMapEntry(10, "permit", null, AsPathList: EvpnNames.Originated)]),
        ]);
}
