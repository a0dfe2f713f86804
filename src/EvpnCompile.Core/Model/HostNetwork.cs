using EvpnCompile.Core.Input;

namespace EvpnCompile.Core.Model;

/// <summary>
/// The Linux devices of a host, one list per kind, each in a decided order; ifupdown2 prints them as
/// stanzas, netplan as sections. Both renderers print exactly these devices.
/// </summary>
/// <param name="Sysctls">the kernel parameters the host needs, in file order (/etc/sysctl.d/60-evpnc.conf; the live lab sets the same).</param>
/// <param name="VrfDevices">the same devices grouped per VRF (VRF, its bridges, each bridge's ports), in the order of
/// <paramref name="Vrfs"/>: built once in lowering for the readers that think per tenant (explain, the lab).</param>
public sealed record HostNetwork(
    NetworkRenderer Renderer, string LoopbackAddress, IReadOnlyList<PortIface> Ports, IReadOnlyList<VrfIface> Vrfs,
    IReadOnlyList<VxlanIface> Vxlans, IReadOnlyList<DummyIface> Dummies, IReadOnlyList<BridgeIface> Bridges,
    IReadOnlyList<Sysctl> Sysctls, IReadOnlyList<VrfDevices> VrfDevices)
{
    /// <summary>The renderer as people spell it.</summary>
    public string RendererName => Renderer.Name();

    /// <summary>Hosts that route IPv6: the nftables source check where pods attach (null elsewhere).</summary>
    public Ipv6SourceCheck? SourceCheck6 { get; init; }
}

/// <summary>One VRF and every device in it.</summary>
/// <param name="Bridges">the bridges of <see cref="VrfIface.Members"/>, in that order.</param>
public sealed record VrfDevices(VrfIface Vrf, IReadOnlyList<BridgeDevices> Bridges)
{
    public IEnumerable<VxlanIface> Vxlans => Bridges.SelectMany(b => b.Vxlans);
    public IEnumerable<DummyIface> Dummies => Bridges.SelectMany(b => b.Dummies);
}

/// <summary>A bridge and its ports (<see cref="BridgeIface.Ports"/>: the VXLAN devices, then the dummies).</summary>
public sealed record BridgeDevices(BridgeIface Bridge, IReadOnlyList<VxlanIface> Vxlans, IReadOnlyList<DummyIface> Dummies);

public sealed record PortIface(string Name, int Mtu);

/// <param name="Members">the bridges enslaved to the VRF.</param>
/// <param name="Tenant">the tenant whose VRF this is.</param>
/// <param name="L3Vni">the VRF's L3VNI (the VNI of its VXLAN device in the L3 bridge).</param>
public sealed record VrfIface(string Name, long Table, IReadOnlyList<string> Members, string Tenant, long L3Vni);

/// <summary>A VXLAN device, one VNI per device (FRR 8.4), and its flags as a port of <paramref name="Bridge"/>.</summary>
/// <param name="Learning">the VXLAN device learns remote MACs from traffic (off: BGP EVPN installs them).</param>
/// <param name="BridgeLearning">the bridge learns MACs behind this port (off: BGP EVPN installs them).</param>
/// <param name="NeighSuppress">the bridge answers ARP/ND for remote hosts itself instead of flooding (neigh_suppress).</param>
/// <param name="Kind">whether <paramref name="Vni"/> is a VRF's L3VNI or an L2 network's VNI.</param>
public sealed record VxlanIface(string Name, long Vni, string Local, int Port, int Mtu, string Bridge,
    bool Learning, bool BridgeLearning, bool NeighSuppress, VniKind Kind);

/// <summary>What a VNI carries. The names are FRR's (`show evpn vni` says L3 or L2).</summary>
public enum VniKind
{
    /// <summary>A VRF's routed traffic (symmetric IRB).</summary>
    L3,
    /// <summary>A stretched L2 network's frames.</summary>
    L2,
}

/// <summary>A dummy port that keeps a pod bridge up (and its connected route advertised) with no pod attached.</summary>
public sealed record DummyIface(string Name, int Mtu, string Bridge);

/// <param name="Purpose">a comment for people: which tenant and role the bridge has.</param>
/// <param name="Mtu">the overlay MTU, as its ports. Stated, not left to the kernel: ifupdown2 sets a bridge
/// without an `mtu` line to 1500 (measured in the kernel lab), and Linux then keeps 1500 however large
/// its ports are, so a pod packet above 1500 would not pass the pod bridge or the L3VNI.</param>
/// <param name="Ports">every port (ifupdown2 declares them all).</param>
/// <param name="NetplanInterfaces">the ports netplan declares: not the dummy, which a networkd file enslaves.</param>
/// <param name="Ipv6LinkLocal">whether the bridge gets an IPv6 link-local address: off on IPv4-only L2 gateway bridges
/// (every host shares the anycast MAC, so the same EUI-64 link-local, whose DAD would fail over the L2VNI), on
/// everywhere else: Linux sends a neighbour solicitation only from a link-local address, so an IPv6 gateway
/// without one never resolves the pods it routes to (measured in the kernel-mode lab).</param>
/// <param name="Address6">dual-stack: the bridge's IPv6 address (the first of the node's IPv6 pod block, or the anycast IPv6 gateway).</param>
public sealed record BridgeIface(
    string Name, IReadOnlyList<string> Ports, IReadOnlyList<string> NetplanInterfaces, string Vrf, string? Mac, string? Address, string Purpose,
    bool Ipv6LinkLocal, int Mtu, string? Address6 = null)
{
    /// <summary>An L2 network's gateway bridge: the anycast gateway MAC and addresses, the same on every host.</summary>
    public bool AnycastGateway { get; init; }

    /// <summary>An L2 gateway bridge with an IPv6 gateway: the same address (and link-local) on every host, so no DAD.</summary>
    public bool AnycastIpv6 => AnycastGateway && Address6 is not null;
}

/// <summary>Where a kernel parameter lives, which says where (and when) it can be set.</summary>
public enum SysctlScope
{
    /// <summary>Kernel-wide: only the initial network namespace has it, and it holds for every namespace (the neighbour table thresholds).</summary>
    Kernel,
    /// <summary>One per network namespace (ip_forward).</summary>
    Namespace,
    /// <summary>One per network device: exists only once the device does.</summary>
    Device,
}

/// <summary>One kernel parameter, as sysctl.d(5) names it.</summary>
/// <param name="Key">dotted, under /proc/sys: net.ipv4.conf.pod50001.rp_filter.</param>
/// <param name="Device">the device a <see cref="SysctlScope.Device"/> key belongs to; null otherwise.</param>
/// <param name="Comment">for people: printed above the key, which starts a group (null inside a group).</param>
public sealed record Sysctl(string Key, string Value, SysctlScope Scope, string? Device, string? Comment)
{
    /// <summary>
    /// A device key is written with sysctl.d's leading '-': the device may not exist yet when the file
    /// is applied (before the network is), so failing to set it is not an error; systemd-sysctl's udev
    /// rule sets it when the device appears.
    /// </summary>
    public bool IgnoreMissing => Scope == SysctlScope.Device;
}

/// <summary>One node-local Multus CNI file: the `bridge` plugin to a tenant bridge with host-local IPAM.</summary>
/// <param name="Name">the CNI network name, equal to the NetworkAttachmentDefinition's name.</param>
/// <param name="Ranges">host-local ranges in <paramref name="Subnet"/>, never holding the network, gateway or broadcast address.</param>
/// <param name="Tenant">the tenant whose network this is.</param>
/// <param name="Vrf">the VRF of <paramref name="Bridge"/>.</param>
/// <param name="Kind">the tenant's routed pod network, or one of its L2 networks.</param>
/// <param name="L2Network">the L2 network's name (as the tenant spells it); null for the routed pod network.</param>
/// <param name="Ipv6">dual-stack: the IPv6 range set and routes (host-local takes one range set per family; null: IPv4 only).</param>
public sealed record CniAttachment(
    string FileName, string Name, string Bridge, int Mtu, string Subnet, IReadOnlyList<IpRange> Ranges,
    string Gateway, IReadOnlyList<string> Routes, string Tenant, string Vrf, CniNetworkKind Kind, string? L2Network,
    CniFamily? Ipv6 = null)
{
    /// <summary>Whether IPv6 routes follow the IPv4 ones in the file's one `routes` list.</summary>
    public bool HasRoutes6 => Ipv6 is { Routes.Count: > 0 };
}

/// <summary>One address family of a CNI file's IPAM: the subnet, the ranges pods take, the gateway and the routes through it.</summary>
public sealed record CniFamily(string Subnet, IReadOnlyList<IpRange> Ranges, string Gateway, IReadOnlyList<string> Routes);

/// <summary>Which of a tenant's networks a CNI file attaches pods to.</summary>
public enum CniNetworkKind
{
    /// <summary>The tenant's routed pod network: the pod bridge, the node's pod block, type-5 routes.</summary>
    RoutedPods,
    /// <summary>A stretched L2 network: its gateway bridge, the node's slice, type-2 routes.</summary>
    L2Network,
}

public sealed record IpRange(string Start, string End);
