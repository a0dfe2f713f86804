using System.Text.Json.Serialization;

namespace EvpnCompile.Core.Explain;

// What `evpnc explain` reports, read back from the network model and the output plan. These records
// are the JSON form (camelCase, in declaration order) and what the text form prints; every list is sorted.

/// <summary>`evpnc explain tenant NAME`: where a tenant lands and what it is made of.</summary>
/// <param name="Hosts">every host the tenant lands on, by name.</param>
/// <param name="Imports">leaks in: the tenants whose routes this one receives (consent was checked).</param>
/// <param name="ExportsTo">leaks out: the tenants that import this one with its consent.</param>
/// <param name="Files">the files rendered for this tenant alone: its CNI files on each host and its Kubernetes objects.</param>
public sealed record TenantExplanation(
    string Tenant, string Vrf, long L3Vni, long VrfTable, string RouteTarget, string? PodCidr, int? MaxPods,
    IReadOnlyList<TenantHostExplanation> Hosts, IReadOnlyList<L2NetworkExplanation> L2Networks,
    IReadOnlyList<LeakExplanation> Imports, IReadOnlyList<LeakExplanation> ExportsTo,
    IReadOnlyList<NamespaceExplanation> Namespaces, IReadOnlyList<FileExplanation> Files)
{
    /// <summary>Dual-stack: the IPv6 pod space (absent from the JSON of an IPv4-only tenant).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PodCidr6 { get; init; }

    /// <summary>The tenant's way out: one session per (border, uplink); null (and left out of the JSON) without external.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ExitExplanation>? Exits { get; init; }
}

/// <summary>One external session of a tenant on a border's uplink, and what the upstream receives on it.</summary>
public sealed record ExitExplanation(
    string Tenant, string Border, string Uplink, int Vlan, string BorderAddress, string Peer, long PeerAsn, IReadOnlyList<string> UpstreamReceives);

/// <param name="Rd">the VRF's route distinguisher on this host.</param>
/// <param name="PodBlock">the host's block of the pod network (null when the tenant has no pod network).</param>
/// <param name="PodGateway">the pod bridge's address, the pods' gateway.</param>
public sealed record TenantHostExplanation(string Node, string? Rd, string? PodBlock, string? PodGateway)
{
    /// <summary>Dual-stack: the host's IPv6 pod block and the pod bridge's IPv6 address.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PodBlock6 { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PodGateway6 { get; init; }
}

public sealed record L2NetworkExplanation(
    string Name, long Vni, string RouteTarget, string Subnet, string Gateway, IReadOnlyList<SliceExplanation> Slices)
{
    /// <summary>Dual-stack: the IPv6 subnet and anycast gateway (each slice then has its IPv6 slice too).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subnet6 { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Gateway6 { get; init; }
}

/// <summary>A host's slice of an L2 subnet, from which host-local IPAM hands out pod addresses.</summary>
public sealed record SliceExplanation(string Node, string Prefix)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Prefix6 { get; init; }
}

public sealed record LeakExplanation(string Tenant, string RouteTarget);

/// <param name="Networks">the NetworkAttachmentDefinitions in the namespace.</param>
public sealed record NamespaceExplanation(string Name, IReadOnlyList<string> Networks);

/// <param name="Path">in the output tree.</param>
/// <param name="Node">the node that receives it (null for cluster and fabric files).</param>
/// <param name="Target">where it goes on the node.</param>
/// <param name="Apply">the command that applies it after a change.</param>
public sealed record FileExplanation(string Path, string? Node, string? Target, string? Mode, string? Apply);

/// <summary>`evpnc explain node NAME`: what a node is, how it is wired, what it carries.</summary>
/// <param name="Network">the host network renderer (ifupdown2 or netplan); null on leaves.</param>
/// <param name="TransitVrfs">VRFs the node carries only so that leak partners' traffic reaches them (no pods).</param>
public sealed record NodeExplanation(
    string Node, string Role, long Asn, string Loopback, string? RouterMac, string? Network, string? Management,
    IReadOnlyList<PortExplanation> Ports, BgpExplanation Bgp, IReadOnlyList<NodeTenantExplanation> Tenants,
    IReadOnlyList<NodeTenantExplanation> TransitVrfs, IReadOnlyList<FileExplanation> Files)
{
    /// <summary>On a border: the VRFs of the tenants that leave the fabric here (null elsewhere, and left out of the JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NodeTenantExplanation>? ExitVrfs { get; init; }

    /// <summary>On a border: every (tenant, uplink) session (null elsewhere).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ExitExplanation>? Uplinks { get; init; }
}

/// <summary>A fabric port and the node and port at its other end.</summary>
/// <param name="Mtu">the port's MTU as evpnc sets it (hosts only; null on leaves).</param>
public sealed record PortExplanation(string Port, string Peer, string PeerPort, int? Mtu);

/// <summary>The default `router bgp`: eBGP unnumbered over the fabric ports.</summary>
public sealed record BgpExplanation(
    long Asn, string RouterId, string PeerGroup, bool Bfd, bool AdvertiseAllVni, IReadOnlyList<string> Networks,
    IReadOnlyList<NeighborExplanation> Neighbors, IReadOnlyList<L2VniExplanation> L2Vnis);

/// <summary>An unnumbered BGP session on a fabric port, with the node at its other end.</summary>
public sealed record NeighborExplanation(string Interface, string? Peer, long? PeerAsn);

public sealed record L2VniExplanation(long Vni, string RouteTarget);

/// <summary>One tenant VRF on a node: its BGP instance and its devices.</summary>
/// <param name="ImportVrfs">tenants on the same node whose routes are leaked locally (`import vrf`).</param>
/// <param name="Devices">the VRF, then each bridge in it followed by the bridge's ports.</param>
public sealed record NodeTenantExplanation(
    string Tenant, string Vrf, long? VrfTable, long? L3Vni, string? Rd,
    IReadOnlyList<string> ImportRouteTargets, IReadOnlyList<string> ExportRouteTargets, IReadOnlyList<string> ImportVrfs,
    IReadOnlyList<DeviceExplanation> Devices);

/// <param name="Kind">vrf, bridge, vxlan or dummy.</param>
/// <param name="Table">the kernel table (VRFs).</param>
/// <param name="Vni">the VNI (VXLAN devices).</param>
/// <param name="Address">the bridge's address (pod bridges and L2 gateways).</param>
/// <param name="Mac">the bridge's MAC (router MAC or anycast gateway MAC).</param>
/// <param name="Bridge">the bridge a port sits in (VXLAN and dummy devices).</param>
/// <param name="Purpose">what a bridge is for.</param>
public sealed record DeviceExplanation(
    string Name, string Kind, long? Table, long? Vni, string? Address, string? Mac, string? Bridge, string? Purpose)
{
    /// <summary>Dual-stack: the bridge's IPv6 address.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Address6 { get; init; }
}
