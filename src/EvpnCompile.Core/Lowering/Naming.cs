using System.Globalization;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Lowering;

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

    /// <summary>The route-map of what a tenant VRF takes from its partners' VRFs on the same node.</summary>
    public static string LeakFilter(string tenant) => $"evpnc-{tenant}-leak";

    /// <summary>The CNI network (and NetworkAttachmentDefinition) name of a tenant's routed pods.</summary>
    public static string PodNetworkName(string tenant) => tenant;

    /// <summary>The CNI network (and NetworkAttachmentDefinition) name of a tenant's L2 network.</summary>
    public static string L2NetworkName(string tenant, string l2) => $"{tenant}-{l2}";
}
