namespace EvpnCompile.Core.Model;

/// <summary>What one VTEP originates, for routes.json and the live lab.</summary>
public sealed record VtepRoutes(string Node, string Vtep, string RouterMac, IReadOnlyList<EvpnRoute> Originates)
{
    /// <summary>On a border: per (tenant, uplink) session, what the upstream router receives (empty elsewhere).</summary>
    public IReadOnlyList<UpstreamRoutes> Upstreams { get; init; } = [];
}

/// <summary>What one upstream router receives from a border in a tenant's VLAN: the tenant's own prefixes, exactly.</summary>
/// <param name="Border">the border's address of the /31 (the session's next hop).</param>
/// <param name="Peer">the upstream's address of the /31.</param>
public sealed record UpstreamRoutes(string Tenant, string Uplink, int Vlan, string Border, string Peer, long PeerAsn, IReadOnlyList<string> Receives);

/// <summary>An EVPN route: type 5 (IP prefix in a VRF) or type 3 (inclusive multicast for an L2VNI).</summary>
/// <param name="Rd">the explicit RD; null where FRR derives it (L2VNIs).</param>
/// <param name="Vni">the VNI the route carries (the originating VRF's L3VNI, or the L2VNI).</param>
/// <param name="ImportedBy">the VRFs (tenants) whose import route targets take this route, on every
/// other host that carries them; listing hosts too would grow with hosts squared.</param>
public sealed record EvpnRoute(
    RouteType Type, string? Prefix, long Vni, string Tenant, string RouteTarget, string? Rd, string NextHop,
    IReadOnlyList<RouteImporter> ImportedBy);

/// <summary>The EVPN route types evpnc originates; the numbers are RFC 7432/9136's (routes.json prints them).</summary>
public enum RouteType
{
    /// <summary>Type 3, inclusive multicast Ethernet tag: a VTEP's membership in an L2VNI.</summary>
    InclusiveMulticast = 3,
    /// <summary>Type 5, IP prefix: a prefix in a VRF, carried in its L3VNI.</summary>
    IpPrefix = 5,
}

/// <summary>
/// A VRF that imports a route, and the VNI its traffic to the route's prefix is sent in: with
/// symmetric IRB a VRF always encapsulates in its own L3VNI, so the originating VTEP must carry that
/// VNI (a transit VRF where the importer has no pods) or the traffic is dropped there.
/// </summary>
public sealed record RouteImporter(string Vrf, long Vni);
