namespace EvpnCompile.Core.Model;

/// <summary>
/// The ifupdown2 interfaces file of a leaf, spine or border (as on FRR-on-Linux switches): the
/// loopback, the fabric ports with the underlay MTU, and on borders the VRF, L3VNI and uplink VLAN
/// sub-interfaces of every tenant that leaves the fabric there.
/// </summary>
/// <param name="Uplinks">a border's uplink ports (the parents of the sub-interfaces).</param>
/// <param name="SubInterfaces">one per (tenant, uplink): the VLAN sub-interface in the tenant's VRF.</param>
public sealed record SwitchNetwork(
    string LoopbackAddress, IReadOnlyList<PortIface> Ports, IReadOnlyList<VrfIface> Vrfs, IReadOnlyList<VxlanIface> Vxlans,
    IReadOnlyList<BridgeIface> Bridges, IReadOnlyList<UplinkIface> Uplinks, IReadOnlyList<SubInterface> SubInterfaces)
{
    /// <summary>The same devices per VRF (VRF, its bridge, the bridge's VXLAN port), for the readers that think per tenant.</summary>
    public IReadOnlyList<VrfDevices> VrfDevices => Vrfs.Select(v => new VrfDevices(v, v.Members.Select(m => Bridges.First(b => b.Name == m))
        .Select(b => new BridgeDevices(b, Vxlans.Where(x => x.Bridge == b.Name).ToList(), [])).ToList())).ToList();
}

/// <summary>A border's port toward an upstream router; it carries only tagged sub-interfaces, so it has no address.</summary>
public sealed record UplinkIface(string Name, long PeerAsn);

/// <summary>An 802.1Q sub-interface <c>PARENT.VLAN</c> in a tenant's VRF with the border's address of the /31.</summary>
public sealed record SubInterface(string Name, string Parent, int Vlan, string Address, string Vrf, string Purpose);
