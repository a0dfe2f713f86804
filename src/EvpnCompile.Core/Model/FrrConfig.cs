namespace EvpnCompile.Core.Model;

/// <summary>frr.conf of one node, stanza by stanza.</summary>
public sealed record FrrConfig(
    string Version, string Hostname,
    IReadOnlyList<FrrVrf> Vrfs, IReadOnlyList<FrrPrefixList> PrefixLists, IReadOnlyList<FrrRouteMap> RouteMaps,
    BgpUnderlay Bgp, IReadOnlyList<BgpTenantInstance> TenantBgp);

/// <summary>`ip prefix-list NAME seq N permit|deny PREFIX le 32` lines.</summary>
public sealed record FrrPrefixList(string Name, IReadOnlyList<FrrPrefixEntry> Entries);

public sealed record FrrPrefixEntry(int Seq, string Action, string Prefix);

/// <summary>`route-map NAME permit N` / ` match ip address prefix-list LIST`, one entry per list; anything else is denied.</summary>
public sealed record FrrRouteMap(string Name, IReadOnlyList<FrrRouteMapEntry> Entries);

public sealed record FrrRouteMapEntry(int Seq, string PrefixList);

/// <summary>`vrf NAME` / ` vni N`: the L3VNI of a tenant VRF.</summary>
public sealed record FrrVrf(string Name, long Vni);

/// <summary>The default `router bgp`: eBGP unnumbered peer group over the fabric ports.</summary>
/// <param name="L2Vnis">the L2VNIs of the node with their explicit route targets (empty on leaves).</param>
public sealed record BgpUnderlay(
    long Asn, string RouterId, string PeerGroup, bool Bfd, IReadOnlyList<string> Interfaces,
    IReadOnlyList<string> Networks, bool AdvertiseAllVni, IReadOnlyList<FrrL2Vni> L2Vnis);

/// <summary>`vni N` under `address-family l2vpn evpn`: explicit fabric-wide route targets of an L2VNI.</summary>
public sealed record FrrL2Vni(long Vni, string RouteTarget);

/// <summary>`router bgp ASN vrf TENANT`.</summary>
/// <param name="AdvertiseRouteMap">limits what the VRF advertises as type-5 to its own prefixes, so
/// routes it received from a leak partner never travel on under its route target.</param>
/// <param name="ImportVrfRouteMap">limits `import vrf` to the partners' own prefixes: a partner's VRF
/// also holds the routes of its other partners, which must not pass through (null: no import vrf).</param>
public sealed record BgpTenantInstance(
    long Asn, string Vrf, string RouterId, string Rd, string AdvertiseRouteMap,
    IReadOnlyList<string> ImportRouteTargets, IReadOnlyList<string> ExportRouteTargets, IReadOnlyList<string> ImportVrfs,
    string? ImportVrfRouteMap);

/// <summary>/etc/frr/daemons: which daemons run, in the file's own order.</summary>
public sealed record DaemonsConfig(IReadOnlyList<DaemonSwitch> Daemons);

public sealed record DaemonSwitch(string Name, string Enabled);
