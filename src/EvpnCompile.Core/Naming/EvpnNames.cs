using System.Globalization;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Naming;

/// <summary>How EVPN identifiers are spelled: one place, so every renderer and check agrees.</summary>
public static class EvpnNames
{
    /// <summary>Explicit, fabric-wide route target: FRR's automatic one embeds each node's own ASN.</summary>
    public static string RouteTarget(int routeTargetAsn, long vni) =>
        string.Create(CultureInfo.InvariantCulture, $"{routeTargetAsn}:{vni}");

    /// <summary>Type-1 RD `loopback:n`; n is the VRF's table, unique per node and at most 65535 (FRR truncates above).</summary>
    public static string RouteDistinguisher(Ipv4 loopback, long table) =>
        string.Create(CultureInfo.InvariantCulture, $"{loopback}:{table}");

    /// <summary>The prefix-list and route-map of a tenant VRF's own prefixes (at most 25 characters).</summary>
    public static string OwnPrefixes(string tenant) => $"evpnc-{tenant}-own";

    /// <summary>The IPv6 prefix-list of a dual-stack tenant's own prefixes (the route-map <see cref="OwnPrefixes"/> matches both lists).</summary>
    public static string OwnPrefixes6(string tenant) => $"evpnc-{tenant}-own6";

    /// <summary>The IPv6 prefix-list of what a tenant VRF may hold in IPv6: its own and its partners' IPv6 prefixes.</summary>
    public static string Reachable6(string tenant) => $"evpnc-{tenant}-reach6";

    /// <summary>The route-map of what a tenant VRF takes from its partners' VRFs on the same node.</summary>
    public static string LeakFilter(string tenant) => $"evpnc-{tenant}-leak";

    /// <summary>On a leaf, the prefix-list of a host's loopback: all it may announce in the underlay.</summary>
    public static string EdgeLoopback(string host) => $"evpnc-{host}-loopback";

    /// <summary>The prefix-list of what a tenant VRF may hold: its own prefixes and its partners'.</summary>
    public static string Reachable(string tenant) => $"evpnc-{tenant}-reach";

    /// <summary>The route-map zebra applies to a VRF's BGP routes before they reach the kernel.</summary>
    public static string FibFilter(string tenant) => $"evpnc-{tenant}-fib";

    /// <summary>On a leaf, the extcommunity-list of the L3VNI route targets of a host's tenants (type-5 routes).</summary>
    public static string EdgeRouteTargets(string host) => $"evpnc-{host}-rts";

    /// <summary>On a leaf, the extcommunity-list of a host's L2 networks' route targets (type-2 and type-3 routes).</summary>
    public static string EdgeL2RouteTargets(string host) => $"evpnc-{host}-l2rts";

    /// <summary>On a leaf, the extcommunity-list of the fabric's other route targets: a route carrying one is dropped.</summary>
    public static string EdgeForeignRouteTargets(string host) => $"evpnc-{host}-foreign";

    /// <summary>On a leaf, the inbound route-map of a host's sessions in ipv4 unicast.</summary>
    public static string EdgeIpv4In(string host) => $"evpnc-{host}-in-ipv4";

    /// <summary>On a leaf, the inbound route-map of a host's sessions in l2vpn evpn.</summary>
    public static string EdgeEvpnIn(string host) => $"evpnc-{host}-in-evpn";

    /// <summary>On a host, the prefix-list of its own loopback: all it announces in the underlay.</summary>
    public const string OwnLoopback = "evpnc-loopback";

    /// <summary>On a host, the as-path access-list of routes it originates itself (the empty AS path).</summary>
    public const string Originated = "evpnc-originated";

    /// <summary>On a host, the outbound route-maps of the fabric peer group: it never carries transit.</summary>
    public const string FabricOutIpv4 = "evpnc-fabric-out-ipv4";
    public const string FabricOutEvpn = "evpnc-fabric-out-evpn";

    /// <summary>The prefix-list of the default route alone (0.0.0.0/0).</summary>
    public const string DefaultRoute = "evpnc-default";

    /// <summary>The prefix-list of everything outside the fabric's tenant and transfer networks.</summary>
    public const string Outside = "evpnc-outside";

    /// <summary>On a border, what a tenant VRF takes from its upstream sessions.</summary>
    public static string UpstreamIn(string tenant) => $"evpnc-{tenant}-up-in";

    /// <summary>On a border, what a tenant VRF sends its upstream sessions: its own prefixes only.</summary>
    public static string UpstreamOut(string tenant) => $"evpnc-{tenant}-up-out";

    /// <summary>On a border, what a tenant VRF advertises into EVPN (type-5): the way out, never a fabric prefix.</summary>
    public static string Exit(string tenant) => $"evpnc-{tenant}-exit";

    /// <summary>The CNI network (and NetworkAttachmentDefinition) name of a tenant's routed pods.</summary>
    public static string PodNetworkName(string tenant) => tenant;

    /// <summary>The CNI network (and NetworkAttachmentDefinition) name of a tenant's L2 network.</summary>
    public static string L2NetworkName(string tenant, string l2) => $"{tenant}-{l2}";
}
