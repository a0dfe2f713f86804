namespace EvpnCompile.Core.Model;

/// <summary>frr.conf of one node, stanza by stanza.</summary>
/// <param name="Ipv6Forwarding">false: `no ipv6 forwarding`. zebra shows that line in its running
/// configuration whenever the kernel's IPv6 forwarding is off, so a file without it makes every
/// `frr-reload.py --reload` run `ipv6 forwarding` and switch it on (measured in the lab), against the
/// host's sysctl file; the line keeps the reload a no-op and the kernel as the model says.</param>
public sealed record FrrConfig(
    string Version, string Hostname, bool Ipv6Forwarding,
    IReadOnlyList<FrrVrf> Vrfs, IReadOnlyList<FrrPrefixList> PrefixLists, IReadOnlyList<FrrExtCommunityList> ExtCommunityLists,
    IReadOnlyList<FrrRouteMap> RouteMaps, BgpUnderlay Bgp, IReadOnlyList<BgpTenantInstance> TenantBgp)
{
    /// <summary>`bgp as-path access-list` stanzas (hosts: the empty path of routes they originate themselves).</summary>
    public IReadOnlyList<FrrAsPathList> AsPathLists { get; init; } = [];
}

/// <summary>`bgp as-path access-list NAME seq N permit|deny REGEX` lines.</summary>
public sealed record FrrAsPathList(string Name, IReadOnlyList<FrrAsPathEntry> Entries);

public sealed record FrrAsPathEntry(int Seq, string Action, string Regex);

/// <summary>`ip prefix-list NAME seq N permit|deny PREFIX [le N]` lines.</summary>
/// <param name="Family">the command's first word: `ip`, or `ipv6` for an IPv6 list (dual-stack tenants).</param>
public sealed record FrrPrefixList(string Name, IReadOnlyList<FrrPrefixEntry> Entries, string Family = "ip");

/// <param name="Le">the longest prefix length the entry also matches (null: the prefix itself only).</param>
public sealed record FrrPrefixEntry(int Seq, string Action, string Prefix, int? Le = 32);

/// <summary>`bgp extcommunity-list standard NAME permit rt RT` lines: a route matches when it carries any of them.</summary>
public sealed record FrrExtCommunityList(string Name, IReadOnlyList<string> RouteTargets);

/// <summary>`route-map NAME permit|deny N` with its match clauses; a route no entry permits is denied.</summary>
public sealed record FrrRouteMap(string Name, IReadOnlyList<FrrRouteMapEntry> Entries);

/// <summary>One route-map entry. Every match given must hold (FRR ANDs them); printed in this order.</summary>
/// <param name="SourceVrf">`match source-vrf`: the VRF a leaked route was imported from.</param>
/// <param name="EvpnRouteType">`match evpn route-type` (macip, multicast, prefix).</param>
/// <param name="ExtCommunityList">`match extcommunity`: the route carries one of the list's route targets.</param>
/// <param name="PrefixList">`match ip address prefix-list` (for EVPN: the type-5 prefix or the type-2 IP).</param>
/// <param name="Ipv6PrefixList">`match ipv6 address prefix-list`: the entry's IPv6 twin. FRR matches an
/// `ip` list only against IPv4 prefixes and an `ipv6` list only against IPv6 ones (lib/plist.c compares
/// the family first), so one route-map serves both families with one entry per family.</param>
/// <param name="AsPathList">`match as-path`: the route's AS path matches the access-list (printed last).</param>
public sealed record FrrRouteMapEntry(
    int Seq, string Action, string? PrefixList, string? SourceVrf = null, string? EvpnRouteType = null, string? ExtCommunityList = null,
    string? Ipv6PrefixList = null, string? AsPathList = null);

/// <summary>`vrf NAME` / ` vni N`: the L3VNI of a tenant VRF.</summary>
/// <param name="FibRouteMap">`ip protocol bgp route-map`: zebra installs into the VRF's kernel table only
/// the BGP routes inside the tenant's and its partners' ranges, so a route another host announces
/// under this tenant's route target (a default route, another tenant's range) never forwards here.</param>
/// <param name="Ipv6FibRouteMap">`ipv6 protocol bgp route-map`: the same filter for IPv6 routes, in every VRF of a
/// fabric that has any IPv6 (null in IPv4-only fabrics, whose bytes stay as they were).</param>
public sealed record FrrVrf(string Name, long Vni, string FibRouteMap, string? Ipv6FibRouteMap = null);

/// <summary>The default `router bgp`: eBGP unnumbered peer group over the fabric ports.</summary>
/// <param name="Interfaces">ports in the fabric peer group (remote-as external).</param>
/// <param name="HostPeerGroup">on leaves, the peer group of the host-facing ports (null: none).</param>
/// <param name="HostPeers">on leaves, one per host-facing port: the host's own ASN and inbound policy.</param>
/// <param name="L2Vnis">the L2VNIs of the node with their explicit route targets (empty on leaves).</param>
public sealed record BgpUnderlay(
    long Asn, string RouterId, string PeerGroup, bool Bfd, IReadOnlyList<string> Interfaces,
    string? HostPeerGroup, IReadOnlyList<BgpHostPeer> HostPeers,
    IReadOnlyList<string> Networks, bool AdvertiseAllVni, IReadOnlyList<FrrL2Vni> L2Vnis)
{
    /// <summary>`bgp graceful-restart` (restart mode; FRR's default is helper only, so the line shows in the running
    /// config and frr-reload leaves it alone; its timers are left at FRR's defaults, which the running config hides).
    /// With it, zebra keeps bgpd's kernel routes while a crashed bgpd restarts (docs/graceful-restart.md).</summary>
    public bool GracefulRestart { get; init; }

    /// <summary>On hosts, the outbound route-map of the fabric peer group in ipv4 unicast: only the host's own loopback,
    /// originated by itself, so a host never carries transit between leaves (null: none).</summary>
    public string? FabricIpv4Out { get; init; }

    /// <summary>On hosts, the outbound route-map of the fabric peer group in l2vpn evpn: only routes the host originated
    /// (its own tenants' prefixes, MACs and VNIs), never one it learned from a leaf (null: none).</summary>
    public string? FabricEvpnOut { get; init; }
}

/// <summary>
/// A leaf's session to a host: the fabric edge, where a host's announcements are held to what the
/// model gives it (README "The fabric edge").
/// </summary>
/// <param name="Ipv4RouteMap">what the leaf takes in ipv4 unicast: the host's loopback only.</param>
/// <param name="Ipv4MaximumPrefix">the session drops if the host sends more (the count the model gives it).</param>
/// <param name="EvpnRouteMap">what the leaf takes in l2vpn evpn: the route targets (and type-5 prefixes) of the host's tenants.</param>
public sealed record BgpHostPeer(string Interface, string Host, long RemoteAsn, string Ipv4RouteMap, int Ipv4MaximumPrefix, string EvpnRouteMap);

/// <summary>`vni N` under `address-family l2vpn evpn`: explicit fabric-wide route targets of an L2VNI.</summary>
public sealed record FrrL2Vni(long Vni, string RouteTarget);

/// <summary>`router bgp ASN vrf TENANT`.</summary>
/// <param name="AdvertiseRouteMap">limits what the VRF advertises as type-5 to its own prefixes, so
/// routes it received from a leak partner never travel on under its route target.</param>
/// <param name="ImportVrfRouteMap">limits `import vrf` to the partners' own prefixes: a partner's VRF
/// also holds the routes of its other partners, which must not pass through (null: no import vrf).</param>
/// <param name="RedistributeConnected">false in a transit VRF: it has no subnets of its own on this node
/// and originates nothing; it only carries partners' traffic between its L3VNI and their VRFs.</param>
/// <param name="Ipv6">the VRF's `address-family ipv6 unicast` and `advertise ipv6 unicast`, when the tenant or a
/// leak partner has IPv6 networks (null: IPv4 only).</param>
public sealed record BgpTenantInstance(
    long Asn, string Vrf, string RouterId, string Rd, bool RedistributeConnected, string AdvertiseRouteMap,
    IReadOnlyList<string> ImportRouteTargets, IReadOnlyList<string> ExportRouteTargets, IReadOnlyList<string> ImportVrfs,
    string? ImportVrfRouteMap, BgpTenantIpv6? Ipv6 = null)
{
    /// <summary>`bgp bestpath as-path multipath-relax` in the VRF: a prefix that several VTEPs originate (the borders'
    /// default route, over different AS paths) is installed over all of them (ECMP). Only in external tenants' VRFs:
    /// elsewhere every prefix has one VTEP, whose two paths (one per leaf) share one next hop, and the underlay already
    /// spreads the traffic over both leaves.</summary>
    public bool MultipathRelax { get; init; }

    /// <summary>On borders, `default-originate ipv4` in the VRF's l2vpn evpn: a type-5 0.0.0.0/0 into the tenant.</summary>
    public bool DefaultOriginate { get; init; }

    /// <summary>On borders, one eBGP session per uplink in the tenant's VLAN.</summary>
    public IReadOnlyList<BgpUpstreamPeer> Upstreams { get; init; } = [];
}

/// <summary>
/// The IPv6 half of a tenant VRF's BGP instance: the same VRF, L3VNI, RD and route targets carry both
/// families; only the address family and what it redistributes, leaks and advertises are its own.
/// </summary>
/// <param name="RedistributeConnected">the VRF has IPv6 subnets of its own on this node (not transit, not IPv4 only).</param>
/// <param name="ImportVrfs">`import vrf` of the partners on this node that have IPv6 networks.</param>
/// <param name="ImportVrfRouteMap">the same leak filter as IPv4 (it has an IPv6 entry per partner); null with no import vrf.</param>
/// <param name="AdvertiseRouteMap">`advertise ipv6 unicast route-map`: the tenant's own-prefix route-map; null when
/// the tenant has no IPv6 prefixes (it only takes its partners' IPv6 routes).</param>
public sealed record BgpTenantIpv6(bool RedistributeConnected, IReadOnlyList<string> ImportVrfs, string? ImportVrfRouteMap, string? AdvertiseRouteMap)
{
    /// <summary>Whether `address-family ipv6 unicast` has a line: FRR drops an empty family block, and frr-reload
    /// would then report the file's block as missing from the daemons (a transit VRF with no IPv6 partner here).</summary>
    public bool HasUnicastFamily => RedistributeConnected || ImportVrfs.Count > 0;
}

/// <summary>A border's session to an upstream router inside a tenant VRF, over the uplink's VLAN sub-interface.</summary>
/// <param name="Address">the upstream's (odd) address of the /31.</param>
/// <param name="Interface">the sub-interface (swp49.100), for people.</param>
/// <param name="InRouteMap">what the border takes: a default route, or what the upstream offers outside the fabric's addresses.</param>
/// <param name="OutRouteMap">what the upstream gets: the tenant's own prefixes only (or nothing when announce is false).</param>
public sealed record BgpUpstreamPeer(string Address, long RemoteAsn, string Interface, string InRouteMap, string OutRouteMap);

/// <summary>/etc/frr/daemons: which daemons run, in the file's own order.</summary>
public sealed record DaemonsConfig(IReadOnlyList<DaemonSwitch> Daemons)
{
    /// <summary>zebra's `-K SECONDS`: a zebra started over routes its previous run left in the kernel (after a crash of
    /// FRR) keeps them that long instead of sweeping them at once, so forwarding goes on while bgpd relearns them
    /// (0: not rendered). docs/graceful-restart.md has the measurement.</summary>
    public int ZebraGracefulRestartSeconds { get; init; }
}

/// <param name="Enabled">the file says `yes` (true) or `no`.</param>
public sealed record DaemonSwitch(string Name, bool Enabled);
