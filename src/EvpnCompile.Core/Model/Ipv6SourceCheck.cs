namespace EvpnCompile.Core.Model;

/// <summary>
/// The IPv6 counterpart of the sysctl file's strict rp_filter, which Linux has for IPv4 only: an nftables
/// table that drops every IPv6 packet a pod sends into its bridge unless the route back to its source
/// leaves through that bridge, in the bridge's VRF (`fib saddr . iif oif missing drop`). Rendered on hosts
/// that route IPv6 (docs/dual-stack.md), loaded by <see cref="Unit"/> at boot and by `nft -f` when it changes.
/// </summary>
/// <param name="Table">the table's name in the ip6 family; the file replaces this table and touches no other.</param>
/// <param name="Bridges">the bridges pods attach to (pod bridges and L2 gateway bridges), in file order: the same
/// devices whose rp_filter the sysctl file sets.</param>
/// <param name="File">where the ruleset lives on the host.</param>
/// <param name="Unit">the systemd unit that loads it at boot.</param>
/// <param name="Gateways">the L2 gateway bridges among <paramref name="Bridges"/> (null: none).</param>
public sealed record Ipv6SourceCheck(string Table, IReadOnlyList<string> Bridges, string File, string Unit, Ipv6SourceGateways? Gateways)
{
    public const string TableName = "evpnc_ipv6_source";
    public const string FilePath = "/etc/evpnc/ipv6-source.nft";
    public const string UnitName = "evpnc-ipv6-source.service";

    /// <summary>What loads the file now (the manifest's apply command and the unit's ExecStart).</summary>
    public string Load => $"/usr/sbin/nft -f {File}";
}

/// <summary>
/// L2 gateway bridges: a frame that a pod sends to another MAC than the anycast gateway's is bridged, not
/// routed. Linux passes bridged frames through the IPv6 prerouting hook too when br_netfilter's
/// bridge-nf-call-ip6tables is 1 (Kubernetes hosts usually load br_netfilter), and the source of a bridged
/// frame may be routed elsewhere (a remote pod of the same L2 network has a /128 over the L3VNI), so only
/// frames to the gateway MAC are checked (measured in the netns lab, whose machine has br_netfilter loaded).
/// </summary>
public sealed record Ipv6SourceGateways(IReadOnlyList<string> Bridges, string Mac);
