using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Lab;

// What `evpnc lab up` creates, derived from the network model (LabPlanner) and nothing else.
// Every kernel change is an `ip -batch` line, so the runner only executes; it decides nothing.
// The plan is saved with the lab, so `check` and `down` work on what `up` made.

/// <param name="Lab">the lab's name: a prefix of every namespace and FRR pathspace it creates.</param>
/// <param name="StateDir">the lab's private folder (host mount namespaces, pod namespaces, logs, config).</param>
/// <param name="VrfMode">how a tenant VRF exists on a host: <see cref="LabVrfMode.Netns"/> (a network namespace,
/// FRR's netns backend, devices built from the model) or <see cref="LabVrfMode.Kernel"/> (a VRF device, FRR's
/// production VRF-lite mode, devices made by applying the rendered host files).</param>
public sealed record LabPlan(
    string Lab, string Fabric, string StateDir, IReadOnlyList<LabNode> Nodes, IReadOnlyList<LabLink> Links,
    IReadOnlyList<LabPod> Pods, string VrfMode = LabVrfMode.Netns)
{
    /// <summary>netns mode: the upstream routers beyond the borders, one per (border, uplink, tenant VLAN) (LabUpstreams).</summary>
    public IReadOnlyList<LabUpstream> Upstreams { get; init; } = [];
}

/// <param name="Instance">LAB-NODE: both the node's network namespace in the machine's /run/netns and its
/// FRR pathspace (`-N`: /etc/frr/LAB-NODE, /var/run/frr/LAB-NODE).</param>
/// <param name="Daemons">FRR daemons to start, in order (zebra first), as the node's daemons file enables them.</param>
/// <param name="NodeBatch">`ip -b` lines run in the node's namespace before any VRF: loopback, forwarding.</param>
/// <param name="Vrfs">tenant VRFs: network namespaces only this node's zebra sees (hosts only).</param>
/// <param name="Peers">the BGP unnumbered neighbours (fabric ports) of the node.</param>
/// <param name="Asn">the node's BGP ASN: the first ASN of every path it sends (the edge check).</param>
/// <param name="Network">hosts: the program that reads the host's rendered network files.</param>
/// <param name="ModelBatch">kernel mode, hosts: `ip -b` lines that build the host's devices from the model, used only
/// where the rendered files cannot be applied (the lab then says so); empty otherwise.</param>
public sealed record LabNode(
    string Name, bool IsHost, string Instance, string Loopback, IReadOnlyList<string> Daemons,
    IReadOnlyList<string> NodeBatch, IReadOnlyList<LabVrf> Vrfs, IReadOnlyList<string> Peers,
    NetworkRenderer? Network = null, IReadOnlyList<string>? ModelBatch = null, long Asn = 0)
{
    /// <summary>Kernel mode: `key=value` of the rendered sysctl file's namespace-wide keys, set before the
    /// host's files make its devices, as systemd-sysctl does at boot before networking.</summary>
    public IReadOnlyList<string> BootSysctls { get; init; } = [];

    /// <summary>zebra's `-K` seconds from the node's rendered daemons file (0: none), so the lab's zebra keeps routes
    /// over a restart exactly as the node's would.</summary>
    public int ZebraGracefulRestart { get; init; }

    /// <summary>A node with tenant VRFs of its own (hosts, and borders with exit tenants): it gets its own mount
    /// namespace (its /run/netns holds only its VRFs, which its zebra -n discovers) and its VRFs are built.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasVrfs => IsHost || Vrfs.Count > 0;
}

/// <param name="Vnis">the VNIs of the VRF as zebra must report them.</param>
/// <param name="Devices">the devices the VRF holds (bridges, VXLANs, keep-up ports), as the kernel must show them.</param>
/// <param name="NodeBatch">lines run in the node's namespace: the VXLAN devices are made there (their
/// UDP socket stays in the underlay, which zebra requires of an L3VNI) and moved into the VRF.</param>
/// <param name="VrfBatch">lines run in the VRF's namespace: bridges, ports, addresses, up.</param>
/// <param name="Sysctls">`key=value` of the rendered sysctl file for this VRF's devices (rp_filter on the
/// bridges pods attach to), set in the VRF's namespace where those devices live.</param>
public sealed record LabVrf(
    string Name, IReadOnlyList<LabVni> Vnis, IReadOnlyList<LabDevice> Devices, IReadOnlyList<string> NodeBatch, IReadOnlyList<string> VrfBatch,
    IReadOnlyList<string>? Sysctls = null);

/// <param name="Master">the bridge the device is a port of (null for a bridge).</param>
/// <param name="Mtu">the MTU it must have (null: the VRF device, which has none of its own to check).</param>
public sealed record LabDevice(string Name, string? Master, int? Mtu);

/// <param name="Port">the VXLAN device's UDP port (the fabric's overlay port).</param>
public sealed record LabVni(long Vni, VniKind Kind, string Device, int Port = 4789);

public sealed record LabLink(string NodeA, string PortA, string NodeB, string PortB, int Mtu);

/// <summary>
/// One test pod: a network namespace that the real CNI bridge plugin attaches with the node's rendered
/// Multus file, as Multus would (a veth whose host end is a port of the file's bridge, an address from
/// its host-local range, its routes).
/// </summary>
/// <param name="Name">the CNI network name, unique on the node; the pod's namespace file is named so.</param>
/// <param name="L2Network">the stretched L2 network, or null for the routed pod bridge.</param>
/// <param name="CniFile">the Multus file on the node (its rendered bytes are what the plugin reads).</param>
/// <param name="Address">what host-local must hand out: the first address of the file's first range.</param>
/// <param name="PodBatch">lines run in the pod after the plugin: loopback up, and a default route through the
/// gateway, so that an isolation probe is refused by the fabric and not by the pod's own table.</param>
public sealed record LabPod(
    string Name, string Node, string Tenant, string? L2Network, string Vrf, string CniFile, string Address, int PrefixLength,
    string Gateway, IReadOnlyList<string> PodBatch)
{
    /// <summary>Dual-stack networks: what host-local must hand out from the file's IPv6 range set (its first address), its
    /// prefix length and the IPv6 gateway; null when the network is IPv4 only.</summary>
    public string? Address6 { get; init; }
    public int PrefixLength6 { get; init; }
    public string? Gateway6 { get; init; }
}
