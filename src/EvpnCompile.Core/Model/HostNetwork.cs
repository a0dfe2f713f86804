namespace EvpnCompile.Core.Model;

/// <summary>
/// The Linux devices of a host, one list per kind, each in a decided order; ifupdown2 prints them as
/// stanzas, netplan as sections. Both renderers print exactly these devices.
/// </summary>
public sealed record HostNetwork(
    string Renderer, string LoopbackAddress, IReadOnlyList<PortIface> Ports, IReadOnlyList<VrfIface> Vrfs,
    IReadOnlyList<VxlanIface> Vxlans, IReadOnlyList<DummyIface> Dummies, IReadOnlyList<BridgeIface> Bridges);

public sealed record PortIface(string Name, int Mtu);

/// <param name="Members">the bridges enslaved to the VRF.</param>
public sealed record VrfIface(string Name, long Table, IReadOnlyList<string> Members);

/// <summary>A VXLAN device: learning off, ARP/ND suppression on, one VNI per device (FRR 8.4).</summary>
public sealed record VxlanIface(string Name, long Vni, string Local, int Port, int Mtu, string Bridge);

/// <summary>A dummy port that keeps a pod bridge up (and its connected route advertised) with no pod attached.</summary>
public sealed record DummyIface(string Name, int Mtu, string Bridge);

/// <param name="Purpose">a comment for people: which tenant and role the bridge has.</param>
/// Bridges carry no MTU of their own: Linux takes the smallest of their ports' (ifupdown2 warns otherwise).
/// <param name="Ports">every port (ifupdown2 declares them all).</param>
/// <param name="NetplanInterfaces">the ports netplan declares: not the dummy, which a networkd file enslaves.</param>
public sealed record BridgeIface(
    string Name, IReadOnlyList<string> Ports, IReadOnlyList<string> NetplanInterfaces, string Vrf, string? Mac, string? Address, string Purpose);

/// <summary>One node-local Multus CNI file: the `bridge` plugin to a tenant bridge with host-local IPAM.</summary>
/// <param name="Name">the CNI network name, equal to the NetworkAttachmentDefinition's name.</param>
/// <param name="Ranges">host-local ranges in <paramref name="Subnet"/>, never holding the network, gateway or broadcast address.</param>
public sealed record CniAttachment(
    string FileName, string Name, string Bridge, int Mtu, string Subnet, IReadOnlyList<IpRange> Ranges,
    string Gateway, IReadOnlyList<string> Routes);

public sealed record IpRange(string Start, string End);
