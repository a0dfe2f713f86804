using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The devices of a host, per tenant (by name): the VRF; the L3VNI VXLAN in a bridge with the
/// node's router MAC; the pod bridge (with a dummy port) holding the first address of the node's
/// pod block; and per L2 network a VXLAN in a bridge with the anycast gateway address and MAC.
/// A transit VRF (LoweringContext.VrfsOnNode) has only its VRF and L3VNI.
/// Then the kernel parameters those devices need (SysctlLowering).
/// </summary>
internal static class HostNetworkLowering
{
    /// <summary>
    /// Every VXLAN port: BGP EVPN installs the remote MACs and neighbours, so neither the VXLAN device
    /// nor the bridge learns them from traffic, and the bridge answers ARP/ND for remote hosts itself.
    /// </summary>
    private static VxlanIface Vxlan(long vni, VniKind kind, string local, FabricInput s, string bridge) =>
        new(DeviceNames.Vxlan(vni), vni, local, s.VxlanPort, s.OverlayMtu, bridge, Learning: false, BridgeLearning: false, NeighSuppress: true, kind);

    public static HostNetwork Lower(LoweringContext c, ResolvedNode node, NetworkRenderer renderer, IReadOnlyList<HostVrf> tenantVrfs)
    {
        var n = node.Input;
        var s = c.Settings;
        var vrfs = new List<VrfIface>();
        var vxlans = new List<VxlanIface>();
        var dummies = new List<DummyIface>();
        var bridges = new List<BridgeIface>();
        var podBridges = new List<string>();
        foreach (var (t, transit) in tenantVrfs)
        {
            string vrf = DeviceNames.Vrf(t.Name);
            var members = new List<string>();

            string l3Bridge = DeviceNames.Bridge(t.L3Vni);
            vxlans.Add(Vxlan(t.L3Vni, VniKind.L3, n.Loopback.ToString(), s, l3Bridge));
            bridges.Add(new BridgeIface(l3Bridge, [DeviceNames.Vxlan(t.L3Vni)], [DeviceNames.Vxlan(t.L3Vni)], vrf, node.RouterMac?.ToString(), null,
                transit ? $"tenant {t.Name}: L3VNI {t.L3Vni}, transit for its leak partners (no pods here)" : $"tenant {t.Name}: L3VNI {t.L3Vni}",
                Ipv6LinkLocal: true, s.OverlayMtu));
            members.Add(l3Bridge);
            if (transit)
            {
                vrfs.Add(new VrfIface(vrf, t.VrfTable, members, t.Name, t.L3Vni));
                continue;
            }

            if (t.PodBlocks.TryGetValue(n.Name, out var block))
            {
                string podBridge = DeviceNames.PodBridge(t.L3Vni);
                string dummy = DeviceNames.PodDummy(t.L3Vni);
                dummies.Add(new DummyIface(dummy, s.OverlayMtu, podBridge));
                bridges.Add(new BridgeIface(podBridge, [dummy], [], vrf, null, $"{CniLowering.Gateway(block)}/{block.Length}",
                    $"tenant {t.Name}: routed pods {block}", Ipv6LinkLocal: true, s.OverlayMtu));
                members.Add(podBridge);
                podBridges.Add(podBridge);
            }

            foreach (var l2 in t.L2Networks.OrderBy(l => l.Input.Name, StringComparer.Ordinal))
            {
                string bridge = DeviceNames.Bridge(l2.Vni);
                vxlans.Add(Vxlan(l2.Vni, VniKind.L2, n.Loopback.ToString(), s, bridge));
                // Every host's gateway bridge has the anycast MAC, so the same EUI-64 link-local address,
                // and the L2VNI floods DAD between them: it would fail. The gateway is IPv4; no link-local.
                bridges.Add(new BridgeIface(bridge, [DeviceNames.Vxlan(l2.Vni)], [DeviceNames.Vxlan(l2.Vni)], vrf, s.AnycastGatewayMac.ToString(),
                    $"{l2.Input.Gateway}/{l2.Input.Subnet.Length}", $"tenant {t.Name}: L2 network {l2.Input.Name} {l2.Input.Subnet}",
                    Ipv6LinkLocal: false, s.OverlayMtu));
                members.Add(bridge);
                podBridges.Add(bridge);
            }
            vrfs.Add(new VrfIface(vrf, t.VrfTable, members, t.Name, t.L3Vni));
        }
        var ports = c.Ports[n.Name].Select(p => new PortIface(p, s.UnderlayMtu)).ToList();
        var placed = tenantVrfs.Where(v => !v.Transit).Select(v => v.Tenant).ToList();
        var sysctls = SysctlLowering.Lower(SysctlLowering.Count(c, n.Name, placed), podBridges);
        return new HostNetwork(renderer, $"{n.Loopback}/32", ports, vrfs, vxlans, dummies, bridges, sysctls, Group(vrfs, bridges, vxlans, dummies));
    }

    /// <summary>The devices per VRF, in the VRFs' and their members' order: the shape explain and the lab read.</summary>
    private static List<VrfDevices> Group(List<VrfIface> vrfs, List<BridgeIface> bridges, List<VxlanIface> vxlans, List<DummyIface> dummies)
    {
        var byName = bridges.ToDictionary(b => b.Name, StringComparer.Ordinal);
        return vrfs.Select(v => new VrfDevices(v, v.Members.Select(m => byName[m]).Select(b => new BridgeDevices(b,
            vxlans.Where(x => x.Bridge == b.Name).ToList(), dummies.Where(d => d.Bridge == b.Name).ToList())).ToList())).ToList();
    }
}
